package kaoping.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.path.json.JsonPath;
import kaoping.support.Api;
import kaoping.support.Multipart;

/**
 * Clients that stop sending, against the packaged app: 50 uploads (half raw, half multipart) that stall mid-body hold
 * no worker and no database connection, so every other request is still served; after the idle timeout the stalled
 * connections and one with half-sent headers are closed, and the partial files are gone.
 */
class StalledClientsIT {
    private static final Duration IDLE = Duration.ofSeconds(8);
    @TempDir
    Path data;

    @Test
    void stalledClientsHoldNothingAndAreCutOffAfterTheIdleTimeout() throws Exception {
        try (PackagedApp app = PackagedApp.start(data, PackagedApp.freePort(),
                Map.of("KAOPING_IDLE_TIMEOUT", IDLE.toSeconds() + "s"))) {
            String upload = publishedTarget() + "/evidence";
            List<Socket> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < 25; i++) {
                    stalled.add(stall(app.port, "POST " + upload + "/stream?filename=report.pdf HTTP/1.1\r\nHost: localhost"
                            + "\r\nX-API-Key: " + coordinator + "\r\nContent-Type: application/octet-stream"
                            + "\r\nContent-Length: 1000000\r\n\r\n%PDF-1.7\n"));
                    stalled.add(stall(app.port, "POST " + upload + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + coordinator
                            + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000\r\n\r\n--x\r\n"
                            + "Content-Disposition: form-data; name=\"file\"; filename=\"report.pdf\"\r\n\r\n%PDF-1.7\n"));
                }
                Socket halfHeaders = stall(app.port, "GET /api/v1/units HTTP/1.1\r\nHost: localhost\r\nX-API-");
                stalled.add(halfHeaders);
                long stalledAt = System.nanoTime();
                awaitSpooled(app, 50);

                // everyone else is served, promptly, while the 50 bodies hang
                for (int i = 0; i < 10; i++) {
                    Api.admin().body(Api.map("name", "单位" + i, "kind", "UNIT")).post("/api/v1/units").then().statusCode(201);
                    Api.withKey(coordinator).get(plan).then().statusCode(200);
                }
                assertTrue(System.nanoTime() - stalledAt < IDLE.toNanos(), "the 20 calls ended before the idle timeout");

                // each stalled connection is closed once it has been idle for the configured time, not before
                for (Socket socket : stalled) {
                    long closedAfter = closedAfter(socket, stalledAt);
                    assertTrue(closedAfter >= IDLE.toMillis() - 1000, "closed after " + closedAfter + " ms");
                }
                awaitSpooled(app, 0);
                assertTrue(app.alive());
            } finally {
                for (Socket socket : stalled) {
                    socket.close();
                }
            }
        }
    }

    private String plan;
    private String coordinator;

    /** A published plan of a new unit (the README's walk: import, submit, approve, publish); its first target. */
    private String publishedTarget() throws IOException {
        String unit = Api.admin().body(Api.map("name", "泉州市晋江生态环境局", "kind", "UNIT")).post("/api/v1/units")
                .then().statusCode(201).extract().path("id");
        String evaluator = key(Api.map("name", "绩效办", "roles", List.of("EVALUATOR")));
        coordinator = key(Api.map("name", "科室", "roles", List.of("UNIT_COORDINATOR"), "unitId", unit));
        String id = new Multipart().file("file", "jinjiang-2021.xlsx",
                        Files.readAllBytes(Path.of("src/test/resources/fixtures/jinjiang-2021.xlsx")))
                .field("unitId", unit).field("year", "2022").request(coordinator).post("/api/v1/plans/import")
                .then().statusCode(201).extract().path("planId");
        plan = "/api/v1/plans/" + id;
        for (var step : List.of(Map.entry(coordinator, "SUBMIT"), Map.entry(evaluator, "APPROVE"),
                Map.entry(evaluator, "PUBLISH"))) {
            Api.withKey(step.getKey()).body(Api.map("action", step.getValue())).post(plan + "/transitions").then()
                    .statusCode(200);
        }
        JsonPath tree = Api.withKey(coordinator).get(plan + "/indicators").then().statusCode(200).extract().jsonPath();
        String node = "indicators[0]";
        while (tree.getList(node + ".children") != null && !tree.getList(node + ".children").isEmpty()) {
            node += ".children[0]";
        }
        return plan + "/indicators/" + tree.getString(node + ".id");
    }

    private static String key(Map<String, Object> body) {
        return Api.admin().body(body).post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
    }

    private static Socket stall(int port, String start) throws IOException {
        Socket socket = new Socket("localhost", port);
        OutputStream out = socket.getOutputStream();
        out.write(start.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return socket;
    }

    /** Milliseconds from the stall until the server closed the connection (waiting at most twice the idle time). */
    private static long closedAfter(Socket socket, long stalledAt) throws IOException {
        socket.setSoTimeout((int) (3 * IDLE.toMillis()));
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // a response (there should be none: nothing was refused) is read through to the close
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("a stalled connection was still open after " + 3 * IDLE.toSeconds() + " s", e);
        } catch (IOException reset) {
            // closed by the server
        }
        return Duration.ofNanos(System.nanoTime() - stalledAt).toMillis();
    }

    /** Waits (30 s at most) until this many uploads are being spooled in the uploads directory. */
    private void awaitSpooled(PackagedApp app, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long spooled;
        do {
            try (Stream<Path> files = Files.list(Files.createDirectories(data.resolve("uploads")))) {
                spooled = files.filter(f -> f.getFileName().toString().startsWith("stream-")).count();
            }
            if (spooled == count) {
                return;
            }
            assertTrue(app.runsAfter(Duration.ofMillis(100)), "the app ended");
        } while (System.nanoTime() < deadline);
        assertEquals(count, spooled, "uploads being spooled");
    }
}

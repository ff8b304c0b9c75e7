package kaoping.run;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import kaoping.db.EmbeddedDatabase;
import kaoping.support.Api;

/**
 * The newcomer's run command: the packaged app with no database configured starts its own PostgreSQL, keeps the data
 * under KAOPING_DATA_DIR, stops it when the app stops, and finds the data again on restart.
 */
class ZeroSetupRunIT {
    @TempDir
    Path data;
    private Process app;
    private Path log;

    @Test
    void theAppStartsItsOwnDatabaseStopsItAndKeepsTheData() throws Exception {
        int port = freePort();
        start(port);
        String unit = Api.admin().body(Api.map("name", "泉州市晋江生态环境局", "kind", "UNIT")).post("/api/v1/units")
                .then().statusCode(201).extract().path("id");
        stop();
        assertFalse(Files.exists(data.resolve("postgres/postmaster.pid")), "stopping the app stopped the database");

        start(port);
        Api.admin().get("/api/v1/units/" + unit).then().statusCode(200).body("name", equalTo("泉州市晋江生态环境局"));
        String second = Files.readString(log);
        assertTrue(second.contains("started an embedded PostgreSQL"), second);
        assertFalse(second.contains("Created the ADMIN API key"), "the second start finds the key of the first");
    }

    /**
     * kill -9 of the app (an OOM kill, a power cut): when its watchdog died with it, the next start stops the
     * PostgreSQL left running and comes back on the same data; when only the app died, its PostgreSQL stops within
     * seconds, and the next start comes back durable and behind passwords, without the upload the kill cut short, and
     * with the Idempotency-Key of the request that died with the app free again.
     */
    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES) // three starts of the app, each up to two minutes on a busy machine
    void afterTheAppIsKilledTheNextStartComesBackOnItsData() throws Exception {
        int port = freePort();
        start(port);
        String unit = Api.admin().body(Api.map("name", "泉州市晋江生态环境局", "kind", "UNIT")).post("/api/v1/units")
                .then().statusCode(201).extract().path("id");
        long left = postgresPid();
        ProcessHandle watchdog = app.toHandle().children()
                .filter(child -> child.info().commandLine().orElse("").contains("Watchdog")).findFirst().orElseThrow();
        watchdog.destroyForcibly();
        watchdog.onExit().join();
        app.destroyForcibly(); // SIGKILL to the JVM itself: no shutdown hook runs
        assertTrue(app.waitFor(30, TimeUnit.SECONDS));
        assertTrue(ProcessHandle.of(left).map(ProcessHandle::isAlive).orElse(false), "PostgreSQL was left running");
        start(port);
        assertFalse(ProcessHandle.of(left).map(ProcessHandle::isAlive).orElse(false), "the server left running was stopped");
        Api.admin().get("/api/v1/units/" + unit).then().statusCode(200);

        String evaluator = key(Api.map("name", "绩效办", "roles", List.of("EVALUATOR")));
        String coordinator = key(Api.map("name", "科室", "roles", List.of("UNIT_COORDINATOR"), "unitId", unit));
        String plan = Api.withKey(evaluator).body(Api.map("title", "考评表", "year", 2021, "unitId", unit,
                "indicators", List.of(Api.map("name", "目标", "weight", 100)))).post("/api/v1/plans")
                .then().statusCode(201).extract().path("id");
        String leaf = Api.withKey(evaluator).get("/api/v1/plans/" + plan + "/indicators").then().statusCode(200)
                .extract().path("indicators[0].id");
        try (Connection owner = database(EmbeddedDatabase.OWNER); Statement sql = owner.createStatement()) {
            sql.executeUpdate("update plans set status = 'PUBLISHED' where id = '" + plan + "'"); // evidence needs it
        }
        String upload = "/api/v1/plans/" + plan + "/indicators/" + leaf + "/evidence/stream?filename=report.pdf";
        try (Socket client = new Socket("localhost", port)) {
            OutputStream out = client.getOutputStream();
            out.write(("POST " + upload + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + coordinator
                    + "\r\nIdempotency-Key: crash-1\r\nContent-Type: application/octet-stream\r\nContent-Length: 10000000\r\n\r\n"
                    + "%PDF-1.7\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            // the key is claimed once the body is in (no connection waits on a client's bytes); a claim left by a dead
            // instance is freed at once (RetriesAndParallelWritesTest): here the retry proves nothing of the dead request stays
            await(() -> spooled() == 1, "the upload is under way");
            long postgres = postgresPid();
            app.destroyForcibly();
            assertTrue(app.waitFor(30, TimeUnit.SECONDS));
            ProcessHandle.of(postgres).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
        }

        start(port);
        Api.admin().get("/api/v1/units/" + unit).then().statusCode(200);
        assertEquals(0, spooled(), "the unfinished upload is gone");
        Api.upload(coordinator).header("Idempotency-Key", "crash-1").contentType("application/octet-stream")
                .body("%PDF-1.7\nfinished".getBytes(StandardCharsets.US_ASCII)).post(upload).then().statusCode(201);
        try (Connection app = database(EmbeddedDatabase.APP); Statement sql = app.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                ResultSet value = sql.executeQuery("show " + setting);
                value.next();
                assertEquals("on", value.getString(1), setting);
            }
        }
    }

    private long postgresPid() throws IOException {
        return Long.parseLong(Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(0).trim());
    }

    private static String key(Map<String, Object> body) {
        return Api.admin().body(body).post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
    }

    /** A connection to the app's embedded PostgreSQL as one of its roles, found as an operator would: in the data directory. */
    private Connection database(String role) throws IOException, SQLException {
        String port = Files.readAllLines(data.resolve("postgres/postmaster.pid")).get(3).trim();
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", role,
                Files.readString(data.resolve(role + ".password")).trim());
    }

    private long spooled() throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("uploads"))) {
            return files.count();
        }
    }

    /** Polls until the condition holds, at most 30 s, pacing itself by waiting on the app (which must not end). */
    private void await(Callable<Boolean> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.call()) {
            assertFalse(app.waitFor(100, TimeUnit.MILLISECONDS), "the app ended while waiting for: " + what);
            assertTrue(System.nanoTime() < deadline, "waited 30 s for: " + what);
        }
    }

    /** Starts the packaged app and returns once it says it listens. */
    private void start(int port) throws Exception {
        PackagedApp started = PackagedApp.start(data, port, Map.of());
        app = started.process;
        log = started.log;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy();
            assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the app stops on SIGTERM");
        }
    }

    private static int freePort() throws IOException {
        return PackagedApp.freePort();
    }
}

package kaoping.run;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.restassured.RestAssured;
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

    /** Starts the packaged app and returns once it says it listens, reading its log as it is written. */
    private void start(int port) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-jar",
                Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        builder.environment().put("KAOPING_DATA_DIR", data.toString());
        builder.environment().put("KAOPING_BOOTSTRAP_API_KEY", Api.ADMIN_KEY);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        app = builder.start();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Path out = Files.createTempFile(data, "app", ".log");
        log = out;
        Thread copier = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (line.contains("Listening on")) {
                        listening.complete(null);
                    }
                }
                listening.completeExceptionally(new IllegalStateException("the app ended:\n" + Files.readString(out)));
            } catch (IOException e) {
                listening.completeExceptionally(e);
            }
        });
        copier.setDaemon(true);
        copier.start();
        listening.get(120, TimeUnit.SECONDS);
        RestAssured.port = port;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (app != null && app.isAlive()) {
            app.destroy();
            assertTrue(app.waitFor(60, TimeUnit.SECONDS), "the app stops on SIGTERM");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

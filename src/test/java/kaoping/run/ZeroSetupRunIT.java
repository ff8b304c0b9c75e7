package kaoping.run;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

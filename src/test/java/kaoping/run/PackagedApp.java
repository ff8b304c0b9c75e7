package kaoping.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.restassured.RestAssured;
import kaoping.support.Api;

/**
 * The packaged app run as the README says (java -jar, no database configured, its data under a directory), on a port
 * of its own, with the test suite's ADMIN key; RestAssured is pointed at it once it listens.
 */
final class PackagedApp implements AutoCloseable {
    final int port;
    final Path log;
    final Process process;

    private PackagedApp(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the app with these extra environment variables and returns once it says it listens. */
    static PackagedApp start(Path data, int port, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("java", "-jar",
                Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath().toString()).redirectErrorStream(true);
        builder.environment().remove("QUARKUS_DATASOURCE_JDBC_URL");
        builder.environment().put("KAOPING_DATA_DIR", data.toString());
        builder.environment().put("KAOPING_BOOTSTRAP_API_KEY", Api.ADMIN_KEY);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Path out = Files.createTempFile(data, "app", ".log");
        Thread copier = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
        PackagedApp app = new PackagedApp(port, out, process);
        try {
            listening.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            app.close();
            throw e;
        }
        RestAssured.port = port;
        return app;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Whether the app still runs after this long: how a test paces its polling. */
    boolean runsAfter(Duration wait) throws InterruptedException {
        return !process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the app as an operator would (SIGTERM) and checks that it does stop. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the app stops on SIGTERM");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

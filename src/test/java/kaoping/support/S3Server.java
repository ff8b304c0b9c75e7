package kaoping.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API on a free loopback port: S3Proxy over a directory, in its own JVM from the self-contained jar the
 * build copies to target/s3proxy (so none of its dependencies is on the tests' classpath), with one bucket.
 */
public final class S3Server implements AutoCloseable {
    public static final String BUCKET = "kaoping";
    public static final String ACCESS_KEY = "kaoping-test";
    public static final String SECRET_KEY = "s3proxy-test-secret";
    public final URI endpoint;
    private final Process process;

    private S3Server(URI endpoint, Process process) {
        this.endpoint = endpoint;
        this.process = process;
    }

    public static S3Server start(Path dir) throws Exception {
        Path jar = Path.of("target/s3proxy/s3proxy.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through Maven (it copies S3Proxy there)");
        }
        Files.createDirectories(dir.resolve("blobs").resolve(BUCKET)); // a directory of the backend is a bucket
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path properties = Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("blobs")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<Void> started = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    log.append(line).append('\n');
                    if (line.contains("Started") && line.contains(":" + port + "}")) { // Jetty's connector listens
                        started.complete(null);
                    }
                }
                started.completeExceptionally(new IllegalStateException("S3Proxy ended:\n" + log));
            } catch (IOException e) {
                started.completeExceptionally(e);
            }
        }, "s3proxy-log");
        reader.setDaemon(true);
        reader.start();
        try {
            started.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
        return new S3Server(endpoint, process);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

package kaoping.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import kaoping.db.EmbeddedDatabase;

/**
 * A real PostgreSQL 17 for the test run, started from the JVM as the app starts its own (no Docker, no server on the
 * machine), with the same owner and application roles; only its durability is traded for speed.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
    private EmbeddedDatabase postgres;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory(Path.of("target"), "test-postgres");
            postgres = EmbeddedDatabase.start(dir, EmbeddedDatabase.Durability.DISPOSABLE);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
        return Map.of("quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", EmbeddedDatabase.APP,
                "quarkus.datasource.password", postgres.appPassword(),
                "quarkus.flyway.username", EmbeddedDatabase.OWNER,
                "quarkus.flyway.password", postgres.ownerPassword());
    }

    @Override
    public void stop() {
        if (postgres != null) {
            postgres.close();
        }
        // each run makes its own cluster: leave none behind
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package kaoping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Zero-setup start: without a configured database URL, a real PostgreSQL is started from the JVM with its data
 * under KAOPING_DATA_DIR, before Quarkus boots (Flyway and Hibernate need it at boot). With a URL, none is started.
 */
@QuarkusMain
public class KaopingMain {
    private static final Logger LOG = Logger.getLogger(KaopingMain.class);

    public static void main(String... args) throws IOException {
        // Read from the environment directly: Quarkus' own configuration does not exist before Quarkus.run.
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null || System.getProperty("quarkus.datasource.jdbc.url") != null) {
            Quarkus.run(args);
            return;
        }
        String dataDir = System.getenv().getOrDefault("KAOPING_DATA_DIR", System.getProperty("kaoping.data-dir", "data"));
        Path dir = Path.of(dataDir, "postgres").toAbsolutePath();
        Files.createDirectories(dir);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                .start()) {
            System.setProperty("quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"));
            System.setProperty("quarkus.datasource.username", "postgres");
            LOG.infof("No QUARKUS_DATASOURCE_JDBC_URL set: started an embedded PostgreSQL with data in %s "
                    + "(set QUARKUS_DATASOURCE_JDBC_URL, _USERNAME and _PASSWORD to use a real server).", dir);
            Quarkus.run(args);
        }
    }
}

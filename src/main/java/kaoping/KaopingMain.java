package kaoping;

import java.io.IOException;
import java.nio.file.Path;

import org.jboss.logging.Logger;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import kaoping.db.EmbeddedDatabase;

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
        Path dataDir = Path.of(System.getenv().getOrDefault("KAOPING_DATA_DIR", System.getProperty("kaoping.data-dir", "data")));
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, EmbeddedDatabase.Durability.DURABLE)) {
            // migrations as the owner of the tables, the application as its own role (V6__roles.sql)
            System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
            System.setProperty("quarkus.datasource.username", EmbeddedDatabase.APP);
            System.setProperty("quarkus.datasource.password", db.appPassword());
            System.setProperty("quarkus.flyway.username", EmbeddedDatabase.OWNER);
            System.setProperty("quarkus.flyway.password", db.ownerPassword());
            LOG.infof("No QUARKUS_DATASOURCE_JDBC_URL set: started an embedded PostgreSQL with data in %s "
                    + "(set QUARKUS_DATASOURCE_JDBC_URL, _USERNAME and _PASSWORD to use a real server).", db.cluster());
            Quarkus.run(args);
        }
    }
}

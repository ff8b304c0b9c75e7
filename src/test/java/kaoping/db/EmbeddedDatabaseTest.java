package kaoping.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import kaoping.db.EmbeddedDatabase.Durability;

/** The zero-setup database: durable, passwords required, and it comes back after its app died without stopping it. */
class EmbeddedDatabaseTest {
    @TempDir
    Path data;

    @Test
    void theAppsServerKeepsWhatItAcknowledgesAndWantsPasswords() throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, Durability.DURABLE)) {
            try (Connection app = DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.APP, db.appPassword())) {
                for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                    assertEquals("on", value(app, "show " + setting), setting);
                }
                assertEquals("false", value(app, "select rolsuper::text from pg_roles where rolname = current_user"));
            }
            for (String user : List.of(EmbeddedDatabase.APP, EmbeddedDatabase.OWNER)) {
                assertThrows(SQLException.class, () -> DriverManager.getConnection(db.jdbcUrl(), user, ""), user);
                assertThrows(SQLException.class, () -> DriverManager.getConnection(db.jdbcUrl(), user, "postgres"), user);
            }
            DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.OWNER, db.ownerPassword()).close();
            for (String role : List.of(EmbeddedDatabase.APP, EmbeddedDatabase.OWNER)) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(role + ".password"))));
            }
        }
        assertFalse(Files.exists(data.resolve("postgres/postmaster.pid")), "closed means stopped");
        try (EmbeddedDatabase again = EmbeddedDatabase.start(data, Durability.DURABLE)) {
            DriverManager.getConnection(again.jdbcUrl(), EmbeddedDatabase.APP, again.appPassword()).close();
        }
    }

    /** A server left by a dead app is stopped at the next start (ZeroSetupRunIT); one of a live app never is. */
    @Test
    void aDataDirectoryInUseIsRefusedAndItsServerKeepsRunning() throws Exception {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(data, Durability.DISPOSABLE)) {
            IOException refused = assertThrows(IOException.class, () -> EmbeddedDatabase.start(data, Durability.DISPOSABLE));
            assertTrue(refused.getMessage().contains("Another Kaoping is running on"), refused.getMessage());
            DriverManager.getConnection(first.jdbcUrl(), EmbeddedDatabase.APP, first.appPassword()).close();
        }
    }

    @Test
    void aServerOfAnotherDataDirectoryIsNeverTouched(@TempDir Path other) throws Exception {
        EmbeddedDatabase.start(data, Durability.DISPOSABLE).close();
        try (EmbeddedDatabase stranger = EmbeddedDatabase.start(other, Durability.DISPOSABLE)) {
            // the pid in this directory's pid file now belongs to a live server of another directory (a reused pid)
            Files.copy(stranger.cluster().resolve("postmaster.pid"), data.resolve("postgres/postmaster.pid"),
                    StandardCopyOption.REPLACE_EXISTING);
            try (EmbeddedDatabase db = EmbeddedDatabase.start(data, Durability.DISPOSABLE)) {
                DriverManager.getConnection(db.jdbcUrl(), EmbeddedDatabase.APP, db.appPassword()).close();
            }
            DriverManager.getConnection(stranger.jdbcUrl(), EmbeddedDatabase.APP, stranger.appPassword()).close();
        }
    }

    private static String value(Connection connection, String sql) throws SQLException {
        try (ResultSet rows = connection.createStatement().executeQuery(sql)) {
            assertTrue(rows.next());
            return rows.getString(1);
        }
    }
}

package kaoping.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    @Test
    void aServerLeftRunningOnTheDataDirectoryIsStoppedBeforeANewOneStarts() throws Exception {
        try (EmbeddedDatabase left = EmbeddedDatabase.start(data, Durability.DISPOSABLE)) {
            long orphan = Long.parseLong(Files.readAllLines(left.cluster().resolve("postmaster.pid")).get(0));
            try (EmbeddedDatabase next = EmbeddedDatabase.start(data, Durability.DISPOSABLE)) {
                // it removed its pid file, so it is past its shutdown and ends within moments
                ProcessHandle.of(orphan).ifPresent(p -> p.onExit().orTimeout(10, TimeUnit.SECONDS).join());
                DriverManager.getConnection(next.jdbcUrl(), EmbeddedDatabase.APP, next.appPassword()).close();
            }
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

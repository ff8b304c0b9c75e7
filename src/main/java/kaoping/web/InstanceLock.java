package kaoping.web;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.StartupEvent;

/**
 * This running app, as the work it has started names it: it holds a session-level advisory lock on a random id of
 * its own, on a connection of its own (outside the pool), for its whole life. PostgreSQL releases the lock the moment
 * that session ends, when the process dies included, so work whose instance holds no lock was abandoned: exact, at
 * once, and right with several app instances on one database.
 */
@ApplicationScoped
public class InstanceLock {
    /** The first key of the two-key advisory lock: Kaoping's locks ('KAOP'), apart from anyone else's. */
    static final int NAMESPACE = 0x4B414F50;
    private final int id = new SecureRandom().nextInt(Integer.MAX_VALUE);
    private final String url;
    private final Optional<String> user;
    private final Optional<String> password;
    private Connection session;

    public InstanceLock(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                        @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
                        @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    void atStart(@Observes StartupEvent start) {
        id();
    }

    /** This instance's id, once it holds its lock. */
    public synchronized int id() {
        if (session == null) {
            Properties credentials = new Properties();
            user.ifPresent(u -> credentials.setProperty("user", u));
            password.ifPresent(p -> credentials.setProperty("password", p));
            try {
                session = new org.postgresql.Driver().connect(url, credentials);
                try (PreparedStatement lock = session.prepareStatement("select pg_advisory_lock(?, ?)")) {
                    lock.setInt(1, NAMESPACE);
                    lock.setInt(2, id);
                    lock.execute();
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot hold this instance's lock in the database", e);
            }
        }
        return id;
    }

    /** SQL that is true when the instance named by {@code column} (an id from {@link #id()}) holds its lock: it is alive. */
    static String alive(String column) {
        return "exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.granted and l.objsubid = 2"
                + " and l.classid = " + NAMESPACE + " and l.objid = " + column + "::integer::oid)";
    }

    @PreDestroy
    synchronized void release() throws SQLException {
        if (session != null) {
            session.close();
        }
    }
}

package kaoping.access;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;

/**
 * The active API keys this replica has checked, by key hash, so that a request with a known key needs no database
 * round trip and no worker thread. Every change of the api_keys table notifies 'kaoping_api_keys' at its commit
 * (V18__read_generations.sql); this replica LISTENs on a connection of its own and forgets every key when notified,
 * so a revocation made through any replica (or by SQL) takes effect here within the notification's delivery. While
 * the listening connection is down nothing is kept: every request is checked against the database, as before.
 */
@ApplicationScoped
public class KeyCache {
    private static final Logger LOG = Logger.getLogger(KeyCache.class);
    static final String CHANNEL = "kaoping_api_keys";
    /** Beyond this many keys the cache starts over: memory stays bounded whatever keys are presented. */
    static final int MAX_KEYS = 10_000;
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    /** What a request needs of a key to know its caller. */
    record Key(UUID id, String name, List<String> roles, UUID unitId, UUID personId) {
    }

    private final AgroalDataSource db;
    private final TransactionSynchronizationRegistry transactions;
    private final Map<String, Key> byHash = new ConcurrentHashMap<>();
    /** Counts the notifications: a key read from the database before one is not kept after it. */
    private long epoch;
    private volatile boolean listening;
    private volatile boolean running = true;

    public KeyCache(AgroalDataSource db, TransactionSynchronizationRegistry transactions) {
        this.db = db;
        this.transactions = transactions;
    }

    void start(@Observes StartupEvent start) {
        Thread listener = new Thread(this::listen, "api-key-changes");
        listener.setDaemon(true);
        listener.start();
    }

    @PreDestroy
    void stop() {
        running = false;
    }

    Optional<Key> get(String hash) {
        return listening ? Optional.ofNullable(byHash.get(hash)) : Optional.empty();
    }

    /** The moment a key is read from the database: pass it to {@link #put}. */
    synchronized long epoch() {
        return epoch;
    }

    /** Keeps a key read from the database at {@code readAt}, unless a change was notified since. */
    synchronized void put(String hash, Key key, long readAt) {
        if (listening && readAt == epoch) {
            if (byHash.size() >= MAX_KEYS) {
                byHash.clear();
            }
            byHash.put(hash, key);
        }
    }

    /**
     * Forgets every key once the current transaction commits: a change made here holds for the very next request
     * here, before its notification comes back.
     */
    void forgetAfterCommit() {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                forget(listening);
            }
        });
    }

    private synchronized void forget(boolean listen) {
        epoch++;
        byHash.clear();
        listening = listen;
    }

    private void listen() {
        while (running) {
            try (Connection connection = db.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + CHANNEL);
                PGConnection notifications = connection.unwrap(PGConnection.class);
                forget(true); // anything may have changed while no one listened
                while (running) {
                    PGNotification[] changes = notifications.getNotifications((int) RECONNECT.toMillis());
                    if (changes != null && changes.length > 0) {
                        forget(true);
                    }
                    // a round trip each second: a connection dropped without a word (a NAT, a failover) fails here,
                    // and keys are checked against the database until listening works again
                    statement.execute("select 1");
                }
            } catch (SQLException | RuntimeException e) {
                forget(false);
                if (running) {
                    LOG.warnf("API keys are checked against the database on every request until listening for their "
                            + "changes works again: %s", e.getMessage());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(RECONNECT.toMillis()));
                }
            }
        }
        forget(false);
    }
}

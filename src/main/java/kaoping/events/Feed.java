package kaoping.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import kaoping.api.model.Event;
import kaoping.web.ApiProblem;

/**
 * Reads the outbox in a order that never skips: by (transaction id, sequence), and only rows whose transaction id is
 * below the oldest transaction still running (pg_snapshot_xmin). A transaction that took a lower sequence number but
 * commits later is therefore still ahead of every cursor handed out before it committed. The cost: one long
 * transaction holds the feed back until it ends.
 */
@ApplicationScoped
public class Feed {
    private static final TypeReference<Map<String, Object>> DATA = new TypeReference<>() { };
    private static final String COLUMNS = "xid::text, seq, id, type, time, actor, actor_person, unit_id, plan_id, subject, version, data::text";

    /** A position in the feed: (transaction id, sequence), written {@code xid-seq}. */
    public record Cursor(long xid, long seq) {
        static Cursor parse(String text) {
            String[] parts = text.split("-");
            try {
                return new Cursor(Long.parseUnsignedLong(parts[0]), Long.parseLong(parts[1]));
            } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                throw ApiProblem.badRequest("after", "not a cursor of this feed");
            }
        }

        boolean before(Cursor other) {
            return Long.compareUnsigned(xid, other.xid) < 0 || xid == other.xid && seq < other.seq;
        }

        @Override
        public String toString() {
            return Long.toUnsignedString(xid) + "-" + seq;
        }
    }

    /** Which events a reader may see: all, one unit's, or those of the plans an assessor assesses. */
    public record Scope(UUID unitId, UUID assessorPersonId, boolean all) {
        String where() {
            return all ? "true" : unitId != null ? "unit_id = ?" : assessorPersonId != null
                    ? "plan_id in (select plan_id from plan_assessors where person_id = ?)" : "false";
        }

        UUID parameter() {
            return all ? null : unitId != null ? unitId : assessorPersonId;
        }
    }

    public record Page(List<Event> items, Cursor cursor) {
    }

    private final AgroalDataSource db;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration retention;
    private final Object signal = new Object();

    public Feed(AgroalDataSource db, ObjectMapper json, Clock clock,
                @ConfigProperty(name = "kaoping.events.retention") Duration retention) {
        this.db = db;
        this.json = json;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * The events after {@code after}, waiting up to {@code wait} for one. The wait holds the request's thread but no
     * database connection: each look takes one and gives it back, and a commit on this instance wakes the wait at
     * once (other instances' commits are seen by the next look, once a second).
     */
    public Page read(String after, List<String> types, Scope scope, int limit, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Page page = look(after, types, scope, limit);
            long left = deadline - System.nanoTime();
            if (!page.items().isEmpty() || left <= 0) {
                return page;
            }
            synchronized (signal) {
                try {
                    signal.wait(Math.max(1, Math.min(Duration.ofSeconds(1).toMillis(), left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return page;
                }
            }
        }
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private Page look(String after, List<String> types, Scope scope, int limit) {
        try (Connection c = db.getConnection()) {
            Cursor horizon;
            try (PreparedStatement s = c.prepareStatement("select xid::text, seq from events_horizon");
                 ResultSet r = s.executeQuery()) {
                r.next();
                horizon = new Cursor(Long.parseUnsignedLong(r.getString(1)), r.getLong(2));
            }
            Cursor from = after == null ? horizon : Cursor.parse(after);
            if (from.before(horizon)) {
                throw new ApiProblem(410, "gone", "Gone", "Events before this cursor were removed after "
                        + retention.toDays() + " days; start again without after.", null, null);
            }
            String sql = "select " + COLUMNS + " from events where (xid, seq) > (?::xid8, ?)"
                    + " and xid < pg_snapshot_xmin(pg_current_snapshot()) and " + scope.where()
                    + (types == null ? "" : " and type = any (?)") + " order by xid, seq limit ?";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                int i = 1;
                s.setString(i++, Long.toUnsignedString(from.xid()));
                s.setLong(i++, from.seq());
                if (scope.parameter() != null) {
                    s.setObject(i++, scope.parameter());
                }
                if (types != null) {
                    s.setArray(i++, c.createArrayOf("varchar", types.toArray()));
                }
                s.setInt(i, limit);
                List<Event> items = new ArrayList<>();
                Cursor last = from;
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        items.add(event(r));
                        last = new Cursor(Long.parseUnsignedLong(r.getString(1)), r.getLong(2));
                    }
                }
                return new Page(items, last);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the events could not be read", e);
        }
    }

    /** One event row (the {@link #COLUMNS}) as the CloudEvents JSON the feed and the webhooks send. */
    Event event(ResultSet r) throws SQLException {
        try {
            return new Event().specversion(Event.SpecversionEnum._1_0).id(r.getObject(3, UUID.class)).source("/api/v1")
                    .type(r.getString(4)).time(r.getObject(5, OffsetDateTime.class)).actor(r.getString(6))
                    .actorperson(r.getObject(7, UUID.class)).unitid(r.getObject(8, UUID.class))
                    .planid(r.getObject(9, UUID.class)).subject(r.getString(10))
                    .subjectversion(r.getObject(11) == null ? null : r.getLong(11))
                    .datacontenttype(Event.DatacontenttypeEnum.APPLICATION_JSON).data(json.readValue(r.getString(12), DATA));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database holds these as JSON objects", e);
        }
    }

    /** The rows of {@link #event} for one event, by id. */
    static String byId() {
        return "select " + COLUMNS + " from events where id = ?";
    }

    /**
     * Removes the events older than the retention, all up to the newest such position, and remembers that position,
     * so that a cursor before it gets 410 instead of silently missing events.
     */
    @Scheduled(every = "${kaoping.events.purge-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        OffsetDateTime cutoff = OffsetDateTime.now(clock).minus(retention);
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery("""
                with edge as (select xid, seq from events where time < ?1 order by xid desc, seq desc limit 1),
                     gone as (delete from events where (xid, seq) <= (select xid, seq from edge) returning 1)
                update events_horizon set xid = edge.xid, seq = edge.seq from edge""").setParameter(1, cutoff)
                .executeUpdate());
    }
}

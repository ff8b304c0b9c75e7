package kaoping.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.arc.Arc;
import io.quarkus.hibernate.orm.panache.Panache;
import kaoping.access.Caller;
import kaoping.persistence.Occurrence;

/**
 * Writes each occurrence to the events table in the transaction of the change (a synchronous observer runs inside
 * it), with one delivery row per subscribed endpoint: a change that rolls back leaves neither, one that commits has
 * both. Sending happens later, in {@link Deliveries}, never in the writer's request.
 */
@ApplicationScoped
public class Outbox {
    private final Clock clock;
    private final ObjectMapper json;
    private final Instance<Caller> caller;
    private final Feed feed;

    public Outbox(Clock clock, ObjectMapper json, Instance<Caller> caller, Feed feed) {
        this.clock = clock;
        this.json = json;
        this.caller = caller;
        this.feed = feed;
    }

    void record(@Observes Occurrence o) {
        boolean request = Arc.container().requestContext().isActive();
        String actor = request ? caller.get().name() : "system";
        UUID person = request ? caller.get().personId().orElse(null) : null;
        OffsetDateTime now = OffsetDateTime.now(clock);
        UUID id = UUID.randomUUID();
        Panache.getEntityManager().createNativeQuery("""
                insert into events (id, type, time, actor, actor_person, unit_id, plan_id, subject, version, data)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, cast(?10 as jsonb))""")
                .setParameter(1, id).setParameter(2, o.type()).setParameter(3, now).setParameter(4, actor)
                .setParameter(5, person).setParameter(6, o.unitId()).setParameter(7, o.planId())
                .setParameter(8, o.subject()).setParameter(9, o.version()).setParameter(10, write(o))
                .executeUpdate();
        Panache.getEntityManager().createNativeQuery("""
                insert into webhook_deliveries (endpoint_id, event_id, state, next_at, created_at)
                select e.id, ?1, 'PENDING', ?2, ?2 from webhook_endpoints e
                 where e.disabled_at is null and (e.event_types = '[]' or e.event_types @> jsonb_build_array(?3))""")
                .setParameter(1, id).setParameter(2, now).setParameter(3, o.type()).executeUpdate();
    }

    /** Wakes the feed's long polls of this instance once the change is visible (other instances poll). */
    void committed(@Observes(during = TransactionPhase.AFTER_SUCCESS) Occurrence o) {
        feed.wake();
    }

    private String write(Occurrence o) {
        try {
            return json.writeValueAsString(o.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an event's payload is plain data", e);
        }
    }
}

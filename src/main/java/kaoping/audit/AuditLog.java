package kaoping.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import kaoping.persistence.Filter;

/**
 * The audit trail. Changes are recorded by the database itself (see {@link AuditConnections}); this records what
 * changed nothing because it was refused (a 4xx to a write, a failed login), lists the trail, and removes rows whose
 * retention has passed, the only deletion the database allows.
 */
@ApplicationScoped
public class AuditLog {
    private static final Logger LOG = Logger.getLogger(AuditLog.class);
    private final Period retention;
    private final Vertx vertx;
    private final Clock clock;

    public AuditLog(@ConfigProperty(name = "kaoping.audit.retention") Period retention, Vertx vertx, Clock clock) {
        this.retention = retention;
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * A refused request or failed login, in its own transaction: the request's own one was rolled back. On an I/O
     * thread (a request refused before it reached a worker) the row is written on a worker instead.
     */
    void refused(AuditContext.Who who, String outcome, int status, String detail) {
        AuditEventEntity event = event(who, outcome, status, detail);
        if (BlockingOperationControl.isBlockingAllowed()) {
            QuarkusTransaction.requiringNew().run(event::persist);
        } else {
            vertx.executeBlocking(() -> {
                QuarkusTransaction.requiringNew().run(event::persist);
                return null;
            }, false);
        }
    }

    private AuditEventEntity event(AuditContext.Who who, String outcome, int status, String detail) {
        AuditEventEntity event = new AuditEventEntity();
        event.occurredAt = OffsetDateTime.now(clock);
        event.actor = who.actor();
        event.roles = who.roles();
        event.unitId = who.unitId() == null ? null : UUID.fromString(who.unitId());
        event.action = who.action() == null ? "login" : who.action();
        event.requestId = who.requestId();
        event.clientAddress = who.clientAddress();
        event.outcome = outcome;
        event.status = status;
        event.detail = detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000);
        event.retainUntil = event.occurredAt.plus(retention);
        return event;
    }

    public PanacheQuery<AuditEventEntity> search(String entityId, UUID planId, String actor, String action,
                                                 String outcome, OffsetDateTime from, OffsetDateTime to, Page page) {
        Filter filter = new Filter().eq("entityId", entityId).eq("planId", planId).eq("actor", actor).eq("action", action)
                .eq("outcome", outcome).atLeast("occurredAt", from).before("occurredAt", to);
        return AuditEventEntity.<AuditEventEntity>find(filter.query(), Sort.descending("occurredAt", "id"), filter.params())
                .page(page);
    }

    @Scheduled(every = "24h", delayed = "1h", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purge() {
        // the application's role may not delete audit events: the owner's function removes those past retention
        long removed = QuarkusTransaction.requiringNew().call(() -> ((Number) AuditEventEntity.getEntityManager()
                .createNativeQuery("select purge_audit_events()").getSingleResult()).longValue());
        if (removed > 0) {
            LOG.infof("Removed %d audit events past their retention", removed);
        }
    }
}

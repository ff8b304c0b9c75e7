package kaoping.audit;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.access.Actor;
import kaoping.api.AuditApi;
import kaoping.api.model.AuditEvent;
import kaoping.api.model.AuditEventPage;
import kaoping.api.model.AuditOutcome;
import kaoping.web.Paging;

/** The trail is for AUDITOR only (x-roles of the contract). */
@Authenticated
public class AuditResource implements AuditApi {
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };
    /** A plain reader: a changed field may well have been or become null, which the request mapper refuses. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AuditLog log;

    public AuditResource(AuditLog log) {
        this.log = log;
    }

    @Override
    public Response listAuditEvents(String entityId, UUID planId, String actor, String action, AuditOutcome outcome,
                                    OffsetDateTime from, OffsetDateTime to, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<AuditEventEntity> query = log.search(entityId, planId, actor, action,
                outcome == null ? null : outcome.toString(), from, to, p);
        return Response.ok(new AuditEventPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(this::toApi).toList())).build();
    }

    private AuditEvent toApi(AuditEventEntity e) {
        return new AuditEvent().id(e.id).occurredAt(e.occurredAt)
                .actor("FAILED_LOGIN".equals(e.outcome) ? Actor.unverified(e.actor)
                        : Actor.api(new Actor(e.actor, e.actorPerson, e.actorName)))
                .roles(e.roles == null ? null : new LinkedHashSet<>(List.of(e.roles.split(",")))).unitId(e.unitId).action(e.action)
                .change(e.change == null ? null : AuditEvent.ChangeEnum.fromValue(e.change)).entityType(e.entityType)
                .entityId(e.entityId).planId(e.planId).before(AuditFields.shown(e.entityType, fields(e.before)))
                .after(AuditFields.shown(e.entityType, fields(e.after)))
                .requestId(e.requestId).clientAddress(e.clientAddress).outcome(AuditOutcome.fromValue(e.outcome))
                .status(e.status).detail(e.detail);
    }

    private Map<String, Object> fields(String jsonObject) {
        try {
            return jsonObject == null ? null : JSON.readValue(jsonObject, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database writes these as JSON objects", e);
        }
    }
}

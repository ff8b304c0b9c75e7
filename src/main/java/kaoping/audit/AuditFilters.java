package kaoping.audit;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import kaoping.access.Actor;
import kaoping.access.Caller;
import kaoping.api.model.Problem;
import kaoping.web.RequestIds;

/**
 * Fills the request's {@link AuditContext} once the caller is known, and records writes that were refused: those
 * changed no row, so no trigger saw them.
 */
public class AuditFilters {
    /** Writes are every method but these; a refused write is one answered with a client error other than 401. */
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private final AuditContext context;
    private final AuditLog log;
    private final Caller caller;
    private final SecurityIdentity identity;

    public AuditFilters(AuditContext context, AuditLog log, Caller caller, SecurityIdentity identity) {
        this.context = context;
        this.log = log;
        this.caller = caller;
        this.identity = identity;
    }

    /** Runs before the role check (AUTHORIZATION), so that a refusal there is recorded with who asked. */
    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION + 1)
    public void identify(ContainerRequestContext request, SimpleResourceInfo operation, HttpServerRequest http) {
        if (READS.contains(request.getMethod())) {
            return; // a read changes no row and is never refused as a write: nothing to tell the trail
        }
        boolean known = !identity.isAnonymous();
        // the generated interfaces name each method after its operationId
        Actor actor = known ? caller.actor() : new Actor(null, null, null);
        context.set(new AuditContext.Who(actor.credential(), Objects.toString(actor.person(), null), actor.name(),
                known ? String.join(",", new TreeSet<>(identity.getRoles())) : null,
                known ? caller.unitId().map(Object::toString).orElse(null) : null, operation.getMethodName(),
                request.getHeaderString(RequestIds.HEADER),
                http.remoteAddress() == null ? null : http.remoteAddress().hostAddress()));
    }

    @ServerResponseFilter
    public void recordRefusal(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status >= 400 && status < 500 && status != 401 && context.who().action() != null
                && !READS.contains(request.getMethod())) {
            log.refused(context.who(), "REFUSED", status, response.getEntity() instanceof Problem p ? p.getDetail() : null);
        }
    }
}

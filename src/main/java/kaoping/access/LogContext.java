package kaoping.access;

import java.util.TreeSet;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * Puts the route template, the status and the caller's roles and unit in the log context (MDC), so the request's
 * access-log line carries them (as fields of the JSON object with KAOPING_LOG_JSON=true). Never a credential.
 */
public class LogContext {
    private final Caller caller;

    public LogContext(Caller caller) {
        this.caller = caller;
    }

    @ServerResponseFilter
    public void describe(ContainerResponseContext response, HttpServerRequest http, RoutingContext routing) {
        // where Quarkus' REST layer keeps the matched template for its metrics and traces (ObservabilityUtil)
        if (http instanceof HttpServerRequestInternal internal && internal.context().getLocal("UrlPathTemplate") instanceof String route) {
            MDC.put("route", route);
        }
        MDC.put("status", String.valueOf(response.getStatus()));
        // the identity as far as it is known (an answer from memory comes on the I/O thread, where asking for an
        // identity not yet known would block; so does a refusal before authentication, a 401, which has none)
        if (routing.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            MDC.put("role", String.join(",", new TreeSet<>(user.getSecurityIdentity().getRoles())));
            caller.unitId().ifPresent(unit -> MDC.put("unit", unit.toString()));
        }
    }
}

package kaoping.access;

import java.util.TreeSet;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerRequestInternal;

/**
 * Puts the route template, the status and the caller's roles and unit in the log context (MDC), so the request's
 * access-log line carries them (as fields of the JSON object with KAOPING_LOG_JSON=true). Never a credential.
 */
public class LogContext {
    private final SecurityIdentity identity;
    private final Caller caller;

    public LogContext(SecurityIdentity identity, Caller caller) {
        this.identity = identity;
        this.caller = caller;
    }

    @ServerResponseFilter
    public void describe(ContainerResponseContext response, HttpServerRequest http) {
        // where Quarkus' REST layer keeps the matched template for its metrics and traces (ObservabilityUtil)
        if (http instanceof HttpServerRequestInternal internal && internal.context().getLocal("UrlPathTemplate") instanceof String route) {
            MDC.put("route", route);
        }
        MDC.put("status", String.valueOf(response.getStatus()));
        // a refusal before authentication (401) is answered on the I/O thread, where the identity cannot be asked
        if (BlockingOperationControl.isBlockingAllowed() && !identity.isAnonymous()) {
            MDC.put("role", String.join(",", new TreeSet<>(identity.getRoles())));
            caller.unitId().ifPresent(unit -> MDC.put("unit", unit.toString()));
        }
    }
}

package kaoping.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.vertx.ext.web.RoutingContext;
import kaoping.access.ApiKeyAuthentication;
import kaoping.web.RequestIds;

/** A request whose key or token was refused is recorded, with where it came from and which credential it showed. */
@ApplicationScoped
public class FailedLogins {
    private final AuditLog log;

    public FailedLogins(AuditLog log) {
        this.log = log;
    }

    void failed(@Observes AuthenticationFailureEvent event) {
        if (!(event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext http)) {
            return;
        }
        AuditContext context = new AuditContext();
        context.requestId = http.request().getHeader(RequestIds.HEADER);
        context.clientAddress = http.request().remoteAddress() == null ? null : http.request().remoteAddress().hostAddress();
        String key = http.request().getHeader(ApiKeyAuthentication.HEADER);
        // never the secret itself: its first characters identify a key as its listed prefix does
        context.actor = key != null ? "api-key:" + key.substring(0, Math.min(8, key.length())) + "…" : "bearer-token";
        String detail = http.request().method() + " " + http.request().path();
        log.refused(context, "FAILED_LOGIN", 401, detail);
    }
}

package kaoping.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.vertx.ext.web.RoutingContext;
import kaoping.access.ApiKeyAuthentication;
import kaoping.access.ApiKeyService;
import kaoping.web.RequestIds;

/** A request whose key or token was refused is recorded, with where it came from and which credential it showed. */
@ApplicationScoped
public class FailedLogins {
    private final AuditLog log;
    private final MeterRegistry metrics;

    public FailedLogins(AuditLog log, MeterRegistry metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    /**
     * An unknown or revoked API key, recorded by the key's identity provider on its worker thread, so the row is
     * written before the 401 leaves. Only the key's prefix is kept, never the key.
     */
    public void apiKey(RoutingContext http, String key) {
        record(http, "api-key:" + ApiKeyService.prefix(key) + "…");
    }

    /**
     * A token that failed verification; key failures are recorded by {@link #apiKey} already. This runs on the I/O
     * thread, so the row is written on a worker shortly after the 401 (AuditLog.refused).
     */
    void failed(@Observes AuthenticationFailureEvent event) {
        // the HTTP layer passes the request under the class's name
        if (event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext http
                && http.request().getHeader(ApiKeyAuthentication.HEADER) == null) {
            record(http, "bearer-token");
        }
    }

    private void record(RoutingContext http, String actor) {
        metrics.counter("kaoping.logins.failed", "credential", actor.startsWith("api-key") ? "api-key" : "bearer-token")
                .increment();
        log.refused(new AuditContext.Who(actor, null, null, null, http.request().getHeader(RequestIds.HEADER),
                http.request().remoteAddress() == null ? null : http.request().remoteAddress().hostAddress()),
                "FAILED_LOGIN", 401, http.request().method() + " " + http.request().path());
    }
}

package kaoping.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.vertx.ext.web.RoutingContext;
import kaoping.access.ApiKeyAuthentication;
import kaoping.access.LoginThrottle;
import kaoping.web.RequestIds;

/**
 * A request whose key or token was refused is recorded, with where it came from and which credential it showed.
 * The trail stays bounded under a flood: each failure recorded one by one took a token of its address's
 * {@link LoginThrottle} bucket; the others (API keys refused with 429 unchecked, tokens past the address's limit)
 * are counted, and each minute (kaoping.login.repeats-every) one row per address says how many there were.
 */
@ApplicationScoped
public class FailedLogins {
    /** Addresses counted at once; beyond it, failures are counted together under this name, so memory stays bounded. */
    static final int MAX_ADDRESSES = 10_000;
    static final String OTHER_ADDRESSES = "(other addresses)";
    private final AuditLog log;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final Map<String, Repeats> repeats = new ConcurrentHashMap<>();
    private final MeterRegistry metrics;

    public FailedLogins(AuditLog log, LoginThrottle throttle, Clock clock, MeterRegistry metrics) {
        this.log = log;
        this.throttle = throttle;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Where the request came from: the client, or with KAOPING_BEHIND_PROXY what the proxy forwards. */
    public static String clientAddress(RoutingContext http) {
        return http.request().remoteAddress() == null ? null : http.request().remoteAddress().hostAddress();
    }

    /**
     * An unknown or revoked API key, recorded by the key's identity provider on its worker thread, so the row is
     * written before the 401 leaves. Only the key's prefix is kept, never the key.
     */
    public void apiKey(RoutingContext http, String prefix) {
        record(http, "api-key:" + prefix + "…");
    }

    /** An API key refused unchecked by the throttle (429): counted, not recorded one by one. */
    public void throttled(RoutingContext http, String prefix) {
        count(clientAddress(http), "api-key:" + prefix + "…", 429);
    }

    /**
     * A token that failed verification; key failures are recorded by {@link #apiKey} already. This runs on the I/O
     * thread, so the row is written on a worker shortly after the 401 (AuditLog.refused). Past its address's limit
     * it is only counted: a token cannot be guessed, but a flood of them must not fill the trail.
     */
    void failed(@Observes AuthenticationFailureEvent event) {
        // the HTTP layer passes the request under the class's name
        if (event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext http
                && http.request().getHeader(ApiKeyAuthentication.HEADER) == null) {
            if (throttle.tryFailure(clientAddress(http))) {
                record(http, "bearer-token");
            } else {
                count(clientAddress(http), "bearer-token", 401);
            }
        }
    }

    private void record(RoutingContext http, String actor) {
        meter(actor, 401);
        log.refused(AuditContext.Who.unverified(actor, http.request().getHeader(RequestIds.HEADER),
                clientAddress(http)), "FAILED_LOGIN", 401, http.request().method() + " " + http.request().path());
    }

    /** Every failed login, recorded or only counted, for the metrics (kaoping_logins_failed_total). */
    private void meter(String actor, int status) {
        metrics.counter("kaoping.logins.failed", "credential", actor.startsWith("api-key") ? "api-key" : "bearer-token",
                "status", String.valueOf(status)).increment();
    }

    private void count(String address, String actor, int status) {
        meter(actor, status);
        String key = address + " " + status;
        if (repeats.size() >= MAX_ADDRESSES && !repeats.containsKey(key)) {
            key = OTHER_ADDRESSES + " " + status;
        }
        Instant now = clock.instant();
        repeats.compute(key, (k, r) -> r == null ? new Repeats(address, actor, status, now, now, 1)
                : new Repeats(Objects.equals(r.address, address) ? address : OTHER_ADDRESSES,
                        r.actor.equals(actor) ? actor : "several credentials", status, r.first, now, r.count + 1));
    }

    /** One row per address and answer for the failures counted since the last time. */
    @Scheduled(every = "${kaoping.login.repeats-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void recordRepeats() {
        for (String key : repeats.keySet()) {
            Repeats r = repeats.remove(key);
            if (r != null) {
                log.refused(AuditContext.Who.unverified(r.actor, null, r.address), "FAILED_LOGIN", r.status,
                        r.count + " failed logins from " + r.address + " between " + r.first + " and " + r.last
                                + ", answered " + r.status + (r.status == 429 ? " without checking them" : "")
                                + " and not recorded one by one");
            }
        }
    }

    private record Repeats(String address, String actor, int status, Instant first, Instant last, long count) {
    }
}

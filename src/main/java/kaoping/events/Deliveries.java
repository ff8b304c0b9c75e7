package kaoping.events;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;

/**
 * Sends due deliveries, on every instance. A delivery is claimed with FOR UPDATE SKIP LOCKED and a lease, so two
 * workers never take the same one, and one whose worker died mid-send is taken again once the lease has expired
 * (at-least-once, with the same webhook-id). Nothing is held while sending: the claim and the outcome are each a
 * short statement of their own.
 */
@ApplicationScoped
public class Deliveries {
    private static final Logger LOG = Logger.getLogger(Deliveries.class);
    private static final int EXCERPT = 1024;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(5);
    private static final Duration LONGEST_RETRY = Duration.ofHours(1);

    private final AgroalDataSource db;
    private final Feed feed;
    private final AddressGuard guard;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration lease;
    private final Duration retryFor;
    private final Duration disableAfter;
    private final Duration timeout;
    private final HttpClient http;

    public Deliveries(AgroalDataSource db, Feed feed, AddressGuard guard, ObjectMapper json, Clock clock,
                      @ConfigProperty(name = "kaoping.webhooks.lease") Duration lease,
                      @ConfigProperty(name = "kaoping.webhooks.retry-for") Duration retryFor,
                      @ConfigProperty(name = "kaoping.webhooks.disable-after") Duration disableAfter,
                      @ConfigProperty(name = "kaoping.webhooks.timeout") Duration timeout) {
        this.db = db;
        this.feed = feed;
        this.guard = guard;
        this.json = json;
        this.clock = clock;
        this.lease = lease;
        this.retryFor = retryFor;
        this.disableAfter = disableAfter;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /** A claimed delivery: which event to which endpoint, the how-many-th attempt, and the lease it holds. */
    record Claim(long id, UUID endpointId, UUID eventId, int attempt, OffsetDateTime createdAt, OffsetDateTime leaseUntil) {
    }

    /** What an attempt came to. */
    private record Outcome(Integer status, String error, String excerpt, Duration retryAfter) {
    }

    /** What an operator watches: deliveries not made yet (due, or waiting for their backoff), counted at each scrape. */
    void registerGauge(@Observes StartupEvent start) {
        Gauge.builder("kaoping.webhooks.pending", this, Deliveries::pending)
                .description("Webhook deliveries not made yet").register(Metrics.globalRegistry);
    }

    private double pending() {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
                "select count(*) from webhook_deliveries where state = 'PENDING'"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            return Double.NaN; // a scrape never fails for it; readiness tells of the database
        }
    }

    @Scheduled(every = "${kaoping.webhooks.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        deliverDue();
    }

    /**
     * Sends every delivery due now; how many were attempted. One at a time: each lease starts when its delivery is
     * taken, so a slow receiver never outlasts the leases of deliveries still waiting (another worker would send them too).
     */
    public int deliverDue() {
        int sent = 0;
        for (List<Claim> next = claim(1); !next.isEmpty(); next = claim(1)) {
            attempt(next.get(0));
            sent++;
        }
        return sent;
    }

    /** Takes up to {@code max} due deliveries for this worker until its lease ends. */
    List<Claim> claim(int max) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime until = now.plus(lease).truncatedTo(ChronoUnit.MICROS); // as stored, to compare it later
        List<Claim> claims = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("""
                update webhook_deliveries d set lease_until = ?, attempts = d.attempts + 1
                 where d.id in (select d2.id from webhook_deliveries d2 join webhook_endpoints w on w.id = d2.endpoint_id
                                 where d2.state = 'PENDING' and d2.next_at <= ? and w.disabled_at is null
                                   and (d2.lease_until is null or d2.lease_until < ?)
                                 order by d2.next_at, d2.id limit ? for update of d2 skip locked)
                returning d.id, d.endpoint_id, d.event_id, d.attempts, d.created_at""")) {
            s.setObject(1, until);
            s.setObject(2, now);
            s.setObject(3, now);
            s.setInt(4, max);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    claims.add(new Claim(r.getLong(1), r.getObject(2, UUID.class), r.getObject(3, UUID.class), r.getInt(4),
                            r.getObject(5, OffsetDateTime.class), until));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("due deliveries could not be claimed", e);
        }
        return claims;
    }

    void attempt(Claim claim) {
        Endpoint endpoint;
        String body;
        try (Connection c = db.getConnection()) {
            endpoint = endpoint(c, claim.endpointId());
            try (PreparedStatement s = c.prepareStatement(Feed.byId())) {
                s.setObject(1, claim.eventId());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    body = json.writeValueAsString(feed.event(r));
                }
            }
        } catch (SQLException | JsonProcessingException e) {
            LOG.warnf(e, "delivery %d could not be attempted", claim.id()); // the lease runs out and it is tried again
            return;
        }
        long started = System.nanoTime();
        Outcome outcome = send(endpoint, claim.eventId(), body); // no connection is held while the receiver answers
        try (Connection c = db.getConnection()) {
            record(c, claim, endpoint, outcome, Duration.ofNanos(System.nanoTime() - started));
        } catch (SQLException e) {
            LOG.warnf(e, "delivery %d could not be recorded", claim.id());
        }
    }

    private record Endpoint(UUID id, String url, String secret, String previousSecret, OffsetDateTime previousUntil,
                            OffsetDateTime failingSince) {
    }

    private static Endpoint endpoint(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select url, secret, previous_secret, previous_until, failing_since "
                + "from webhook_endpoints where id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new Endpoint(id, r.getString(1), r.getString(2), r.getString(3),
                        r.getObject(4, OffsetDateTime.class), r.getObject(5, OffsetDateTime.class));
            }
        }
    }

    private Outcome send(Endpoint endpoint, UUID eventId, String body) {
        Optional<String> refused = guard.refusal(endpoint.url());
        if (refused.isPresent()) {
            return new Outcome(null, "not sent: " + refused.get(), null, null);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        String timestamp = Long.toString(now.toEpochSecond());
        String signed = eventId + "." + timestamp + "." + body;
        String signatures = sign(endpoint.secret(), signed) + (endpoint.previousSecret() != null
                && endpoint.previousUntil().isAfter(now) ? " " + sign(endpoint.previousSecret(), signed) : "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url())).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "Kaoping-Webhooks")
                .header("webhook-id", eventId.toString()).header("webhook-timestamp", timestamp)
                .header("webhook-signature", signatures)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        // the request's timeout covers the headers; the excerpt of the body gets as long again, and the rest is not read
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, info -> new Excerpt());
        try {
            HttpResponse<byte[]> response = answer.get(2 * timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Outcome(response.statusCode(), null, cut(new String(response.body(), StandardCharsets.UTF_8), EXCERPT),
                    retryAfter(response.headers().firstValue("Retry-After"), now));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return new Outcome(null, cut(cause.getClass().getSimpleName() + ": " + cause.getMessage(), 500), null, null);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return new Outcome(null, "TimeoutException: no complete answer within " + timeout.multipliedBy(2), null, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, "interrupted", null, null);
        }
    }

    /** The first {@link #EXCERPT} bytes of an answer, for the delivery log; the rest of the body is not taken. */
    private static final class Excerpt implements HttpResponse.BodySubscriber<byte[]> {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                byte[] bytes = new byte[Math.min(buffer.remaining(), EXCERPT - kept.size())];
                buffer.get(bytes);
                kept.writeBytes(bytes);
            }
            if (kept.size() < EXCERPT) {
                subscription.request(1);
            } else {
                subscription.cancel();
                done.complete(kept.toByteArray());
            }
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            done.complete(kept.toByteArray());
        }
    }

    /** Standard Webhooks: {@code v1,} and the base64 HMAC-SHA256, keyed with the secret's bytes. */
    static String sign(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** Retry-After as seconds or an HTTP date. */
    private static Duration retryAfter(Optional<String> header, OffsetDateTime now) {
        if (header.isEmpty()) {
            return null;
        }
        String value = header.get().strip();
        try {
            return value.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(value))
                    : Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private void record(Connection c, Claim claim, Endpoint endpoint, Outcome outcome, Duration latency) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Integer status = outcome.status();
        boolean delivered = status != null && status / 100 == 2;
        boolean gone = status != null && status == 410;
        boolean retryable = status == null ? outcome.error() != null && !outcome.error().startsWith("not sent")
                : status == 429 || status / 100 == 5;
        OffsetDateTime next = now.plus(backoff(claim.attempt(), outcome.retryAfter()));
        boolean retry = !delivered && retryable && next.isBefore(claim.createdAt().plus(retryFor));
        c.setAutoCommit(false);
        try {
            try (PreparedStatement s = c.prepareStatement("insert into webhook_attempts (endpoint_id, event_id, at, status, "
                    + "latency_ms, error, response_excerpt) values (?, ?, ?, ?, ?, ?, ?)")) {
                s.setObject(1, claim.endpointId());
                s.setObject(2, claim.eventId());
                s.setObject(3, now);
                s.setObject(4, status);
                s.setLong(5, latency.toMillis());
                s.setString(6, outcome.error());
                s.setString(7, outcome.excerpt());
                s.executeUpdate();
            }
            // only while the lease is still this worker's: a worker that outlived it leaves the row to its successor
            try (PreparedStatement s = c.prepareStatement("update webhook_deliveries set state = ?, next_at = ?, "
                    + "lease_until = null where id = ? and lease_until = ?")) {
                s.setString(1, delivered ? "DELIVERED" : retry ? "PENDING" : "FAILED");
                s.setObject(2, retry ? next : now);
                s.setLong(3, claim.id());
                s.setObject(4, claim.leaseUntil());
                s.executeUpdate();
            }
            String disabled = gone ? "the receiver answered 410 Gone at " + now
                    : !delivered && endpoint.failingSince() != null && endpoint.failingSince().plus(disableAfter).isBefore(now)
                    ? "every delivery failed since " + endpoint.failingSince() + " (last: "
                    + (status == null ? outcome.error() : "status " + status) + ")" : null;
            try (PreparedStatement s = c.prepareStatement("update webhook_endpoints set failing_since = ?, "
                    + "disabled_at = coalesce(disabled_at, ?), disabled_reason = coalesce(disabled_reason, ?) where id = ?")) {
                s.setObject(1, delivered ? null : endpoint.failingSince() == null ? now : endpoint.failingSince());
                s.setObject(2, disabled == null ? null : now);
                s.setString(3, disabled == null ? null : cut(disabled, 500));
                s.setObject(4, claim.endpointId());
                s.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** At most {@code max} characters, without NUL (PostgreSQL keeps no NUL in text: the record would fail). */
    private static String cut(String text, int max) {
        String kept = text.replace("\u0000", "");
        return kept.length() <= max ? kept : kept.substring(0, max);
    }

    /** Exponential from 5 s, at most an hour, with "equal jitter" (half fixed, half random); or Retry-After if later. */
    static Duration backoff(int attempt, Duration retryAfter) {
        long ceiling = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempt - 1, 20));
        Duration wait = Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
        return retryAfter != null && retryAfter.compareTo(wait) > 0 ? retryAfter : wait;
    }
}

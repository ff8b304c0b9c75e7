package kaoping.events;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.access.Caller;
import kaoping.access.Roles;
import kaoping.api.model.RedeliveryInput;
import kaoping.api.model.WebhookInput;
import kaoping.web.ApiProblem;

/** Subscriptions: an ADMIN manages all of them, an EVALUATOR the ones it made (others' answer 404). */
@ApplicationScoped
public class Webhooks {
    /** How long the secret before a rotation still signs. */
    static final Duration ROTATION_OVERLAP = Duration.ofDays(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Caller caller;
    private final AddressGuard guard;
    private final Clock clock;

    public Webhooks(Caller caller, AddressGuard guard, Clock clock) {
        this.caller = caller;
        this.guard = guard;
        this.clock = clock;
    }

    @Transactional
    public WebhookEntity create(WebhookInput input) {
        guard.refusal(input.getUrl()).ifPresent(why -> {
            throw ApiProblem.unprocessable("url", why);
        });
        WebhookEntity w = new WebhookEntity();
        w.id = UUID.randomUUID();
        w.url = input.getUrl();
        w.eventTypes = input.getEventTypes() == null ? List.of() : List.copyOf(input.getEventTypes());
        w.owner = caller.name();
        w.secret = newSecret();
        w.createdAt = OffsetDateTime.now(clock);
        w.persist();
        return w;
    }

    public WebhookEntity get(UUID id) {
        return WebhookEntity.<WebhookEntity>findByIdOptional(id)
                .filter(w -> caller.has(Roles.ADMIN) || w.owner.equals(caller.name()))
                .orElseThrow(() -> ApiProblem.notFound("webhook", id));
    }

    public PanacheQuery<WebhookEntity> list(Page page) {
        Sort newest = Sort.descending("createdAt", "id");
        return (caller.has(Roles.ADMIN) ? WebhookEntity.<WebhookEntity>findAll(newest)
                : WebhookEntity.<WebhookEntity>find("owner", newest, caller.name())).page(page);
    }

    @Transactional
    public void delete(UUID id) {
        get(id).delete();
    }

    /** A new secret; the old one keeps signing beside it for a day, so a receiver switches without a gap. */
    @Transactional
    public WebhookEntity rotate(UUID id) {
        WebhookEntity w = get(id);
        w.previousSecret = w.secret;
        w.previousUntil = OffsetDateTime.now(clock).plus(ROTATION_OVERLAP);
        w.secret = newSecret();
        return w;
    }

    /** Queues one event, or the endpoint's events of a time range, again with their ids; re-enables the endpoint. */
    @Transactional
    public int redeliver(UUID id, RedeliveryInput input) {
        WebhookEntity w = get(id);
        boolean one = input.getEventId() != null;
        if (one == (input.getFrom() != null || input.getTo() != null) || !one && (input.getFrom() == null || input.getTo() == null)) {
            throw ApiProblem.unprocessable("eventId", "send an eventId, or from and to");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        String which = one ? "ev.id = ?3" : "ev.time >= ?3 and ev.time < ?4 and (w.event_types = '[]' or w.event_types @> jsonb_build_array(ev.type))";
        var insert = Panache.getEntityManager().createNativeQuery("insert into webhook_deliveries (endpoint_id, event_id, "
                + "state, next_at, created_at) select w.id, ev.id, 'PENDING', ?2, ?2 from webhook_endpoints w, events ev "
                + "where w.id = ?1 and " + which).setParameter(1, w.id).setParameter(2, now)
                .setParameter(3, one ? input.getEventId() : input.getFrom());
        if (!one) {
            insert.setParameter(4, input.getTo());
        }
        int queued = insert.executeUpdate();
        if (one && queued == 0) {
            throw ApiProblem.unprocessable("eventId", "no event " + input.getEventId() + " is kept");
        }
        w.disabledAt = null;
        w.disabledReason = null;
        w.failingSince = null;
        return queued;
    }

    public List<Object[]> attempts(UUID id, UUID eventId, Page page) {
        get(id);
        return Panache.getEntityManager().createNativeQuery("select event_id, at, status, latency_ms, error, response_excerpt "
                        + "from webhook_attempts where endpoint_id = ?1 and (cast(?2 as uuid) is null or event_id = ?2) "
                        + "order by id desc", Object[].class)
                .setParameter(1, id).setParameter(2, eventId).setFirstResult(page.index * page.size)
                .setMaxResults(page.size).getResultList();
    }

    public long attemptCount(UUID id, UUID eventId) {
        return ((Number) Panache.getEntityManager().createNativeQuery("select count(*) from webhook_attempts "
                        + "where endpoint_id = ?1 and (cast(?2 as uuid) is null or event_id = ?2)")
                .setParameter(1, id).setParameter(2, eventId).getSingleResult()).longValue();
    }

    /** Standard Webhooks' form: {@code whsec_} and the base64 of 24 random bytes, the HMAC key. */
    private static String newSecret() {
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}

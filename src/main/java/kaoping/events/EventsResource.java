package kaoping.events;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.access.Caller;
import kaoping.api.EventsApi;
import kaoping.api.model.EventFeed;
import kaoping.api.model.Redelivery;
import kaoping.api.model.RedeliveryInput;
import kaoping.api.model.Webhook;
import kaoping.api.model.WebhookAttempt;
import kaoping.api.model.WebhookAttemptPage;
import kaoping.api.model.WebhookCreated;
import kaoping.api.model.WebhookInput;
import kaoping.api.model.WebhookPage;
import kaoping.web.Paging;

@Authenticated
public class EventsResource implements EventsApi {
    private final Feed feed;
    private final Webhooks webhooks;
    private final Caller caller;

    public EventsResource(Feed feed, Webhooks webhooks, Caller caller) {
        this.feed = feed;
        this.webhooks = webhooks;
        this.caller = caller;
    }

    @Override
    public Response listEvents(String after, String types, Integer wait, Integer limit) {
        Feed.Scope scope = new Feed.Scope(caller.ownUnit().orElse(null), caller.assessorPerson().orElse(null),
                caller.seesAllPlans());
        List<String> typeList = types == null || types.isBlank() ? null
                : Arrays.stream(types.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        Feed.Page page = feed.read(after, typeList, scope, limit, Duration.ofSeconds(wait));
        return Response.ok(new EventFeed().items(page.items()).cursor(page.cursor().toString())).build();
    }

    @Override
    public Response createWebhook(WebhookInput input) {
        WebhookEntity w = webhooks.create(input);
        return Response.created(URI.create("/api/v1/webhooks/" + w.id)).entity(created(w)).build();
    }

    @Override
    public Response listWebhooks(Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<WebhookEntity> query = webhooks.list(p);
        return Response.ok(new WebhookPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(EventsResource::toApi).toList())).build();
    }

    @Override
    public Response getWebhook(UUID webhookId) {
        return Response.ok(toApi(webhooks.get(webhookId))).build();
    }

    @Override
    public Response deleteWebhook(UUID webhookId) {
        webhooks.delete(webhookId);
        return Response.noContent().build();
    }

    @Override
    public Response rotateWebhookSecret(UUID webhookId) {
        return Response.ok(created(webhooks.rotate(webhookId))).build();
    }

    @Override
    public Response listWebhookAttempts(UUID webhookId, UUID eventId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        List<WebhookAttempt> items = webhooks.attempts(webhookId, eventId, p).stream().map(row -> new WebhookAttempt()
                .eventId((UUID) row[0]).at(time(row[1]))
                .status(row[2] == null ? null : ((Number) row[2]).intValue()).latencyMs(((Number) row[3]).longValue())
                .error((String) row[4]).responseExcerpt((String) row[5])).toList();
        return Response.ok(new WebhookAttemptPage().page(p.index).size(p.size)
                .total(webhooks.attemptCount(webhookId, eventId)).items(items)).build();
    }

    @Override
    public Response redeliverWebhookEvents(UUID webhookId, RedeliveryInput input) {
        return Response.accepted(new Redelivery().queued(webhooks.redeliver(webhookId, input))).build();
    }

    /** A timestamptz of a native query, as whichever java.time type the driver gave. */
    private static OffsetDateTime time(Object value) {
        return value instanceof OffsetDateTime t ? t : value instanceof Instant i ? i.atOffset(ZoneOffset.UTC)
                : ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }

    private static Webhook toApi(WebhookEntity w) {
        return new Webhook().id(w.id).url(w.url).eventTypes(w.eventTypes).owner(w.owner).createdAt(w.createdAt)
                .disabledAt(w.disabledAt).disabledReason(w.disabledReason).failingSince(w.failingSince);
    }

    private static WebhookCreated created(WebhookEntity w) {
        return new WebhookCreated().id(w.id).url(w.url).eventTypes(w.eventTypes).owner(w.owner).createdAt(w.createdAt)
                .disabledAt(w.disabledAt).disabledReason(w.disabledReason).failingSince(w.failingSince).secret(w.secret);
    }
}

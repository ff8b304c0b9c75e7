package kaoping.events;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;

import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import kaoping.persistence.Occurrence;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.TestClock;

/** The outbox, the feed's cursor, and webhooks delivered to a real receiver on loopback. */
@QuarkusTest
class EventsTest extends ApiTest {
    @Inject
    Event<Occurrence> occurred;
    @Inject
    Deliveries deliveries;
    @Inject
    TestClock clock;
    @Inject
    Feed feed;
    @Inject
    AgroalDataSource db;

    /** One request the receiver got. */
    private record Received(String id, String timestamp, String signature, String body, Map<String, List<String>> headers) {
    }

    private HttpServer receiver;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    /** The statuses the receiver answers, in turn; 200 once they are used up. */
    private final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
    /** Answers the receiver gives besides a status: 200 with a NUL in its body, or 200 and a body that never ends. */
    private static final int NUL = -1;
    private static final int STALL = -2;
    private final CountDownLatch release = new CountDownLatch(1);
    /** A type of its own per test, so that events of other tests never reach its endpoint. */
    private final String type = "kaoping.test." + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void receiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            var h = exchange.getRequestHeaders();
            received.add(new Received(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8), lowerCase(h)));
            Integer status = answers.poll();
            if (status != null && status == STALL) {
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write("partial".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                try {
                    release.await(60, TimeUnit.SECONDS); // the rest of the body never comes while the test runs
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            byte[] answer = (status != null && status == NUL ? "ok\u0000ok" : "ok").getBytes(StandardCharsets.UTF_8);
            status = status != null && status == NUL ? null : status;
            if (status != null && status == 429) {
                exchange.getResponseHeaders().add("Retry-After", "120");
            }
            exchange.sendResponseHeaders(status == null ? 200 : status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(4));
        receiver.start();
        clock.stop();
    }

    /** The headers by lower-case name, as the Standard Webhooks library looks them up. */
    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new java.util.HashMap<>();
        headers.forEach((name, values) -> lower.put(name.toLowerCase(java.util.Locale.ROOT), values));
        return lower;
    }

    @AfterEach
    void stop() {
        release.countDown();
        clock.resume();
        receiver.stop(0);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    /** A committed event of this test's type; its id as the feed and webhooks show it. */
    private UUID publish(String note) {
        QuarkusTransaction.requiringNew().run(() -> occurred.fire(new Occurrence(type, null, null, "tests/" + note, 1L,
                Map.of("note", note))));
        return UUID.fromString(selectOne(db, "select id::text from events where subject = ?", "tests/" + note));
    }


    private Map<String, Object> subscribe(List<String> types) {
        return Api.admin().body(Map.of("url", hookUrl(), "eventTypes", types)).post("/api/v1/webhooks").then().statusCode(201)
                .extract().as(Map.class);
    }

    /** The cursor at the end of the feed now. */
    private String end() {
        String cursor = null;
        while (true) {
            var page = Api.admin().queryParam("limit", 500).queryParams(cursor == null ? Map.of() : Map.of("after", cursor))
                    .get("/api/v1/events").then().statusCode(200).extract();
            cursor = page.path("cursor");
            if (((List<?>) page.path("items")).isEmpty()) {
                return cursor;
            }
        }
    }

    private List<String> idsAfter(String cursor) {
        return Api.admin().queryParam("after", cursor).queryParam("types", type).get("/api/v1/events").then().statusCode(200)
                .extract().path("items.id");
    }

    @Test
    void aRolledBackWriteLeavesNoEventAndACommittedOneHasIt() {
        String start = end();
        // a write that fails after its event was fired: the transaction rolls back, the event with it
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            occurred.fire(new Occurrence(type, null, null, "tests/rolled-back", null, Map.of()));
            throw new IllegalStateException("the write fails after its event");
        }));
        assertEquals(List.of(), idsAfter(start));
        UUID kept = publish("committed");
        assertEquals(List.of(kept.toString()), idsAfter(start));
    }

    @Test
    void aTransactionThatCommitsLastIsNotSkippedByACursorHandedOutBefore() throws Exception {
        String start = end();
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        // the slow transaction writes its event first (the lower sequence number) and commits last
        Future<?> slow = pool.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
            occurred.fire(new Occurrence(type, null, null, "tests/slow", null, Map.of()));
            written.countDown();
            try {
                assertTrue(commit.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        assertTrue(written.await(30, TimeUnit.SECONDS));
        UUID fast = publish("fast");
        var first = Api.admin().queryParam("after", start).queryParam("types", type).get("/api/v1/events").then()
                .statusCode(200).extract();
        List<String> seen = new ArrayList<>(first.path("items.id"));
        commit.countDown();
        slow.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        seen.addAll(idsAfter(first.path("cursor")));
        String slowId = selectOne(db, "select id::text from events where subject = ?", "tests/slow");
        assertEquals(List.of(slowId, fast.toString()), seen, "both, each once, the slow one not skipped");
    }

    @Test
    void aLongPollAnswersWhenAnEventIsCommitted() throws Exception {
        String start = end();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<List<String>> poll = pool.submit(() -> Api.admin().queryParam("after", start).queryParam("types", type)
                .queryParam("wait", 20).get("/api/v1/events").then().statusCode(200).extract().path("items.id"));
        UUID id = publish("awaited");
        assertEquals(List.of(id.toString()), poll.get(20, TimeUnit.SECONDS));
        pool.shutdown();
    }

    @Test
    void aCursorBeforeThePurgedEventsIsGone() {
        String start = end();
        publish("old");
        clock.advance(Duration.ofDays(31));
        feed.purge();
        Api.admin().queryParam("after", start).get("/api/v1/events").then().statusCode(410);
        Api.admin().get("/api/v1/events").then().statusCode(200);
    }


    /** Sends what is due until the receiver has {@code count} requests, or fails after a deadline. */
    private void deliverUntil(int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (received.size() < count) {
            deliveries.deliverDue();
            assertTrue(System.nanoTime() < deadline, "only " + received.size() + " of " + count + " requests arrived");
        }
    }

    @Test
    void retriesWithBackoffKeepTheIdAndSignaturesVerify() throws Exception {
        Map<String, Object> endpoint = subscribe(List.of(type));
        String secret = (String) endpoint.get("secret");
        assertTrue(secret.startsWith("whsec_"));
        answers.addAll(List.of(503, 503));
        UUID id = publish("retried");
        assertEquals(1, deliveries.deliverDue());
        assertEquals(1, received.size());
        assertEquals(0, deliveries.deliverDue(), "the retry waits for its backoff");
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher pending = Pattern.compile("(?m)^kaoping_webhooks_pending(\\{[^}]*})? (\\S+)$").matcher(metrics);
        assertTrue(pending.find() && Double.parseDouble(pending.group(2)) >= 1, "an operator sees the delivery waiting");
        clock.advance(Duration.ofSeconds(5));
        deliverUntil(2);
        assertEquals(0, deliveries.deliverDue(), "the second backoff is longer");
        clock.advance(Duration.ofSeconds(10));
        deliverUntil(3);
        assertEquals(0, deliveries.deliverDue(), "delivered: nothing more to send");
        List<Received> all = List.copyOf(received);
        all.forEach(r -> assertEquals(id.toString(), r.id(), "the same webhook-id on every attempt"));
        // the library checks the first fully (its timestamp is now); the later ones are stamped with the moved clock
        new Webhook(secret).verify(all.get(0).body(), all.get(0).headers());
        for (Received r : all) {
            assertEquals(new Webhook(secret).sign(r.id(), Long.parseLong(r.timestamp()), r.body()), r.signature());
        }
        assertTrue(Long.parseLong(all.get(2).timestamp()) - Long.parseLong(all.get(0).timestamp()) >= 15);
        List<Integer> statuses = Api.admin().get("/api/v1/webhooks/" + endpoint.get("id") + "/attempts").then().statusCode(200)
                .extract().path("items.status");
        assertEquals(List.of(200, 503, 503), statuses);
    }

    @Test
    void aGoneReceiverDisablesTheEndpointAndItsOwnerSeesWhy() {
        Map<String, Object> endpoint = subscribe(List.of(type));
        answers.add(410);
        publish("gone");
        deliverUntil(1);
        String reason = Api.admin().get("/api/v1/webhooks/" + endpoint.get("id")).then().statusCode(200)
                .extract().path("disabledReason");
        assertNotNull(reason);
        assertTrue(reason.contains("410"), reason);
        publish("after-gone");
        assertEquals(0, deliveries.deliverDue());
        assertEquals(1, received.size(), "nothing more is sent to a disabled endpoint");
    }

    @Test
    void afterARotationBothSecretsVerify() throws Exception {
        Map<String, Object> endpoint = subscribe(List.of(type));
        String old = (String) endpoint.get("secret");
        String rotated = Api.admin().post("/api/v1/webhooks/" + endpoint.get("id") + "/secret").then().statusCode(200)
                .extract().path("secret");
        assertFalse(old.equals(rotated));
        publish("rotated");
        deliverUntil(1);
        Received r = received.peek();
        Map<String, List<String>> headers = r.headers();
        new Webhook(old).verify(r.body(), headers);
        new Webhook(rotated).verify(r.body(), headers);
        assertEquals(2, r.signature().split(" ").length);
    }

    @Test
    void twoWorkersDeliverEachEventOnce() throws Exception {
        subscribe(List.of(type));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(publish("pair-" + i).toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        IntSupplier worker = () -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return deliveries.deliverDue();
        };
        Future<Integer> a = pool.submit(worker::getAsInt);
        Future<Integer> b = pool.submit(worker::getAsInt);
        go.countDown();
        assertEquals(30, a.get(60, TimeUnit.SECONDS) + b.get(60, TimeUnit.SECONDS));
        pool.shutdown();
        List<String> got = new ArrayList<>(received.stream().map(Received::id).toList());
        Collections.sort(got);
        Collections.sort(ids);
        assertEquals(ids, got, "each event exactly once");
    }

    @Test
    void aDeliveryClaimedByADeadWorkerIsSentAfterItsLease() {
        subscribe(List.of(type));
        UUID id = publish("orphan");
        assertEquals(1, deliveries.claim(10).size(), "a worker takes it and dies before sending");
        assertEquals(0, deliveries.deliverDue(), "leased to the dead worker");
        clock.advance(Duration.ofMinutes(2));
        deliverUntil(1);
        assertEquals(id.toString(), received.peek().id());
    }

    @Test
    void retryAfterIsHonouredAndOther4xxAreNotRetried() {
        subscribe(List.of(type));
        answers.addAll(List.of(429, 400));
        publish("throttled");
        deliverUntil(1);
        clock.advance(Duration.ofSeconds(60));
        assertEquals(0, deliveries.deliverDue(), "Retry-After: 120 outweighs the backoff");
        clock.advance(Duration.ofSeconds(61));
        deliverUntil(2);
        clock.advance(Duration.ofHours(2));
        assertEquals(0, deliveries.deliverDue(), "a 400 is not retried");
        assertEquals(2, received.size());
    }

    /** A receiver whose answer never ends is let go after the timeout; a NUL in an answer is logged, not fatal. */
    @Test
    void aStalledAnswerIsGivenUpAndANulInAnAnswerIsLogged() {
        Map<String, Object> endpoint = subscribe(List.of(type));
        answers.addAll(List.of(STALL, NUL));
        publish("stalled");
        deliverUntil(1);
        clock.advance(Duration.ofMinutes(1));
        deliverUntil(2);
        assertEquals(0, deliveries.deliverDue(), "delivered: not sent again");
        var attempts = Api.admin().get("/api/v1/webhooks/" + endpoint.get("id") + "/attempts").then().statusCode(200).extract();
        assertEquals(java.util.Arrays.asList(200, null), attempts.path("items.status"));
        assertEquals("okok", attempts.path("items[0].responseExcerpt"));
        assertTrue(((String) attempts.path("items[1].error")).startsWith("TimeoutException"), (String) attempts.path("items[1].error"));
    }

    @Test
    void anEndpointFailingForDaysIsDisabledWithItsReason() {
        Map<String, Object> endpoint = subscribe(List.of(type));
        answers.addAll(List.of(503, 503, 503));
        publish("first-failure");
        deliverUntil(1);
        clock.advance(Duration.ofDays(4));
        publish("still-failing");
        deliverUntil(2); // the first one's last retry: failing for four days, the endpoint is disabled
        assertEquals(0, deliveries.deliverDue(), "nothing more goes to a disabled endpoint");
        assertEquals(2, received.size());
        String reason = Api.admin().get("/api/v1/webhooks/" + endpoint.get("id")).then().statusCode(200)
                .extract().path("disabledReason");
        assertTrue(reason != null && reason.startsWith("every delivery failed since"), reason);
    }

    @Test
    void oneEventIsRedeliveredAndARangeReplayedWithTheirIds() {
        Map<String, Object> endpoint = subscribe(List.of(type));
        UUID first = publish("replayed-1");
        UUID second = publish("replayed-2");
        deliverUntil(2);
        String path = "/api/v1/webhooks/" + endpoint.get("id") + "/redeliveries";
        Api.admin().body(Map.of("eventId", first)).post(path).then().statusCode(202).body("queued", equalTo(1));
        deliverUntil(3);
        Api.admin().body(Map.of("from", clock.instant().minusSeconds(60).toString(), "to", clock.instant().plusSeconds(1).toString()))
                .post(path).then().statusCode(202).body("queued", equalTo(2));
        deliverUntil(5);
        assertEquals(Map.of(first.toString(), 3L, second.toString(), 2L), received.stream()
                .collect(Collectors.groupingBy(Received::id, Collectors.counting())), "the original ids, sent again");
        Api.admin().body(Map.of("eventId", UUID.randomUUID())).post(path).then().statusCode(422);
    }

    @Test
    void anAddressThatTurnedInternalIsNotCalled() {
        Map<String, Object> endpoint = subscribe(List.of(type));
        // the name resolved to an allowed address at registration; now it points inside (as DNS may)
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                .createNativeQuery("update webhook_endpoints set url = 'http://169.254.169.254/latest' where id = ?1")
                .setParameter(1, UUID.fromString((String) endpoint.get("id"))).executeUpdate());
        publish("rebound");
        assertEquals(1, deliveries.deliverDue());
        Api.admin().get("/api/v1/webhooks/" + endpoint.get("id") + "/attempts").then().statusCode(200)
                .body("items[0].error", startsWith("not sent: 169.254.169.254 resolves to"));
        clock.advance(Duration.ofHours(1));
        assertEquals(0, deliveries.deliverDue(), "not retried");
    }

    @Test
    void internalAddressesAreRefusedUnlessAllowed() {
        Api.admin().body(Map.of("url", "http://169.254.169.254/latest/meta-data")).post("/api/v1/webhooks").then()
                .statusCode(422);
        Api.admin().body(Map.of("url", "http://localhost:1/hook")).post("/api/v1/webhooks").then().statusCode(422);
    }
}

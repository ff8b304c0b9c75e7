package kaoping.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;

/** Retries with an Idempotency-Key do nothing twice; parallel edits lose nothing and double nothing. */
@QuarkusTest
class RetriesAndParallelWritesTest extends ApiTest {
    @Inject
    DataSource db;
    @Inject
    InstanceLock instance;

    /** Runs the calls at the same moment (as far as threads allow) and gives their answers in order. */
    private static <T> List<T> together(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, Object> plan(UUID unit, int leaves) {
        return Api.map("title", "考评表", "year", 2021, "unitId", unit, "indicators", IntStream.range(0, leaves)
                .mapToObj(i -> Api.map("code", String.valueOf(i + 1), "name", "目标" + (i + 1), "weight", 100 / leaves)).toList());
    }

    @Test
    void aReplayedCreationReturnsTheFirstAnswerAndCreatesNothing() {
        String evaluator = evaluatorKey();
        UUID unit = newUnit("晋江市重试单位");
        Response first = Api.withKey(evaluator).header("Idempotency-Key", "oa-20210110-0001").body(plan(unit, 2))
                .post("/api/v1/plans");
        first.then().statusCode(201);
        Response replay = Api.withKey(evaluator).header("Idempotency-Key", "oa-20210110-0001").body(plan(unit, 2))
                .post("/api/v1/plans");
        replay.then().statusCode(201).header("Idempotent-Replayed", "true").header("Location", first.header("Location"))
                .header("ETag", first.header("ETag")).body("id", equalTo(first.path("id")));
        Api.withKey(evaluator).get("/api/v1/plans?unitId=" + unit).then().body("total", equalTo(1));

        // the same key for another request is a client mistake
        Api.withKey(evaluator).header("Idempotency-Key", "oa-20210110-0001").body(plan(unit, 4)).post("/api/v1/plans")
                .then().statusCode(422).body("errors.field", hasItem("Idempotency-Key"));
        // keys are the caller's own: another caller's same key is another request
        Api.withKey(evaluatorKey()).header("Idempotency-Key", "oa-20210110-0001").body(plan(newUnit("晋江市另一单位"), 2))
                .post("/api/v1/plans").then().statusCode(201).header("Idempotent-Replayed", (String) null);

        // a failed first attempt leaves the key free for the corrected retry
        UUID other = newUnit("晋江市改正单位");
        Map<String, Object> wrong = plan(other, 2);
        wrong.put("indicators", List.of(Api.map("name", "只有一个", "weight", 90)));
        Api.withKey(evaluator).header("Idempotency-Key", "oa-20210110-0002").body(wrong).post("/api/v1/plans").then().statusCode(422);
        Api.withKey(evaluator).header("Idempotency-Key", "oa-20210110-0002").body(plan(other, 2)).post("/api/v1/plans")
                .then().statusCode(201).header("Idempotent-Replayed", (String) null);
    }

    @Test
    void aClaimIsHeldWhileItsAppInstanceLivesAndFreedTheMomentItIsGone() throws Exception {
        String evaluator = evaluatorKey();
        UUID unit = newUnit("晋江市中断单位");
        String first = Api.withKey(evaluator).header("Idempotency-Key", "cut-1").body(plan(unit, 2)).post("/api/v1/plans")
                .then().statusCode(201).extract().path("id");
        // as a request that never got as far as creating anything leaves its claim: no answer yet, the instance running it
        Api.withKey(evaluator).delete("/api/v1/plans/" + first).then().statusCode(204);
        try (Connection c = db.getConnection(); PreparedStatement inFlight = c.prepareStatement(
                "update idempotency_keys set status = null, instance = ? where key = 'cut-1'")) {
            inFlight.setInt(1, instance.id());
            inFlight.executeUpdate();
            Api.withKey(evaluator).header("Idempotency-Key", "cut-1").body(plan(unit, 2)).post("/api/v1/plans").then().statusCode(409);
            // the instance running it died (its lock went with its session): the retry runs, whatever the claim's age
            inFlight.setInt(1, instance.id() + 1);
            inFlight.executeUpdate();
        }
        Api.withKey(evaluator).header("Idempotency-Key", "cut-1").body(plan(unit, 2)).post("/api/v1/plans").then().statusCode(201)
                .header("Idempotent-Replayed", (String) null);
    }

    @Test
    void concurrentDuplicatesCreateOnePlan() throws Exception {
        String evaluator = evaluatorKey();
        UUID unit = newUnit("晋江市并发单位");
        List<Response> answers = together(IntStream.range(0, 10).<Callable<Response>>mapToObj(i -> () ->
                Api.withKey(evaluator).header("Idempotency-Key", "dup-" + unit).body(plan(unit, 2)).post("/api/v1/plans")).toList());
        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 409), statuses.toString());
        assertEquals(1, answers.stream().filter(r -> r.statusCode() == 201).map(r -> r.path("id")).distinct().count(), statuses.toString());
        Api.withKey(evaluator).get("/api/v1/plans?unitId=" + unit).then().body("total", equalTo(1));
    }

    @Test
    void uploadsAssessmentsAdjustmentsAndImportsAreReplayedToo() {
        String evaluator = evaluatorKey();
        UUID unit = newUnit("晋江市重放单位");
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        UUID planId = UUID.fromString(Api.withKey(evaluator).body(plan(unit, 2)).post("/api/v1/plans").then().extract().path("id"));
        String plan = "/api/v1/plans/" + planId;
        String leaf = Api.withKey(evaluator).get(plan + "/indicators").then().extract().path("indicators[0].id");
        setStatus(planId, PlanStatus.EVALUATION);

        byte[] text = "整改报告".getBytes(StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ids.add(new Multipart().file("file", "整改报告.txt", text).on(Api.upload(coordinator).header("Idempotency-Key", "up-1"))
                    .post(plan + "/indicators/" + leaf + "/evidence").then().statusCode(201).extract().path("id"));
        }
        assertEquals(ids.get(0), ids.get(1));
        new Multipart().file("file", "另一份.txt", text).on(Api.upload(coordinator).header("Idempotency-Key", "up-1"))
                .post(plan + "/indicators/" + leaf + "/evidence").then().statusCode(422);
        Api.withKey(coordinator).get(plan + "/evidence").then().body("total", equalTo(1));

        UUID person = newPerson("林静", newUnit("考评组"));
        Api.withKey(evaluator).body(Api.map("personId", person)).post(plan + "/assessors").then().statusCode(201);
        String assessor = assessorKey(person);
        for (int i = 0; i < 2; i++) {
            Api.withKey(assessor).header("Idempotency-Key", "score-1").body(Api.map("score", 40))
                    .put(plan + "/indicators/" + leaf + "/assessments/" + person).then().statusCode(201).header("ETag", "\"1\"");
        }
        for (int i = 0; i < 2; i++) {
            Api.withKey(evaluator).header("Idempotency-Key", "adj-1").body(Api.map("kind", "BONUS", "points", 1, "reason", "示范"))
                    .post(plan + "/adjustments").then().statusCode(201);
        }
        Api.withKey(evaluator).get(plan + "/adjustments").then().body("total", equalTo(1));

        UUID imported = newUnit("晋江市导入重放单位");
        List<String> planIds = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            planIds.add(new Multipart().file("file", "jinjiang-2021.csv", Api.resource("jinjiang-2021.csv").getBytes(StandardCharsets.UTF_8))
                    .field("unitId", imported.toString()).field("year", "2021").on(Api.upload(evaluator).header("Idempotency-Key", "imp-1"))
                    .post("/api/v1/plans/import").then().statusCode(201).extract().path("planId"));
        }
        assertEquals(planIds.get(0), planIds.get(1));
    }

    /** A draft of ten targets of 10 points each, by this evaluator: its path and its targets' ids. */
    private record TenTargets(UUID id, String path, List<String> leaves) {
        static TenTargets of(String evaluator, String unitName) {
            UUID id = UUID.fromString(Api.withKey(evaluator).body(plan(newUnit(unitName), 10)).post("/api/v1/plans")
                    .then().statusCode(201).extract().path("id"));
            String path = "/api/v1/plans/" + id;
            return new TenTargets(id, path, Api.withKey(evaluator).get(path + "/indicators").then().extract().path("indicators.id"));
        }
    }

    @Test
    void ofTenEditsWithTheSameETagExactlyOneWins() throws Exception {
        String evaluator = evaluatorKey();
        TenTargets draft = TenTargets.of(evaluator, "晋江市并发编辑单位");
        String plan = draft.path();
        List<String> leaves = draft.leaves();
        List<Integer> statuses = together(IntStream.range(0, 10).<Callable<Integer>>mapToObj(i -> () ->
                Api.withKey(evaluator).contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                        .body(Api.map("description", "版本" + i)).patch(plan + "/indicators/" + leaves.get(0)).statusCode()).toList());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter(s -> s == 412).count(), statuses.toString());

        // edits of ten siblings at once, each with its own ETag: all of them land
        List<Integer> siblings = together(IntStream.range(0, 10).<Callable<Integer>>mapToObj(i -> () ->
                Api.withKey(evaluator).contentType("application/merge-patch+json").header("If-Match", i == 0 ? "\"1\"" : "\"0\"")
                        .body(Api.map("name", "并行修改" + i)).patch(plan + "/indicators/" + leaves.get(i)).statusCode()).toList());
        assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200, 200, 200), siblings);
        List<String> names = Api.withKey(evaluator).get(plan + "/indicators").then().extract().path("indicators.name");
        assertEquals(IntStream.range(0, 10).mapToObj(i -> "并行修改" + i).toList(), names);
    }

    /** If-Match: "0" on a create means "only if it does not exist yet": of ten at once, one creates, nine get 412. */
    @Test
    void ofTenCreatesWithIfMatchZeroExactlyOneWins() throws Exception {
        String evaluator = evaluatorKey();
        TenTargets draft = TenTargets.of(evaluator, "晋江市并发自评单位");
        setStatus(draft.id(), PlanStatus.SELF_ASSESSMENT);
        String coordinator = newKey(java.util.Set.of("UNIT_COORDINATOR"), UUID.fromString(Api.withKey(evaluator)
                .get(draft.path()).then().extract().path("unitId")));
        String self = draft.path() + "/indicators/" + draft.leaves().get(0) + "/self-assessment";
        List<Integer> statuses = together(IntStream.range(0, 10).<Callable<Integer>>mapToObj(i -> () ->
                Api.withKey(coordinator).header("If-Match", "\"0\"").body(Api.map("score", i))
                        .put(self).statusCode()).toList());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(9, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
        // the one that was made is the one that answered 201, seen by whoever changes it next with its ETag "1"
        Api.withKey(coordinator).header("If-Match", "\"1\"").body(Api.map("score", 10)).put(self).then().statusCode(200)
                .header("ETag", "\"2\"");
    }

    @Test
    void changeRequestsDecidedAtOnceAllApplyAndTheWeightsStillAddUp() throws Exception {
        String evaluator = evaluatorKey();
        TenTargets draft = TenTargets.of(evaluator, "晋江市并发变更单位");
        String plan = draft.path();
        List<String> leaves = draft.leaves();
        setStatus(draft.id(), PlanStatus.APPROVED);
        // five requests, each moving a point between its own two siblings
        List<String> requests = IntStream.range(0, 5).mapToObj(i -> Api.withKey(evaluator).body(Api.map("reason", "调整" + i,
                "changes", List.of(Api.map("action", "UPDATE", "indicatorId", leaves.get(2 * i), "patch", Api.map("weight", 9)),
                        Api.map("action", "UPDATE", "indicatorId", leaves.get(2 * i + 1), "patch", Api.map("weight", 11)))))
                .post(plan + "/change-requests").then().statusCode(201).extract().<String>path("id")).toList();
        List<Integer> statuses = together(requests.stream().<Callable<Integer>>map(cr -> () -> Api.withKey(evaluator)
                .body(Api.map("decision", "APPROVE")).post(plan + "/change-requests/" + cr + "/decision").statusCode()).toList());
        assertEquals(List.of(200, 200, 200, 200, 200), statuses);
        Api.withKey(evaluator).get(plan + "/indicators").then().body("consistent", equalTo(true))
                .body("indicators.weight", org.hamcrest.Matchers.contains(9, 11, 9, 11, 9, 11, 9, 11, 9, 11));
        List<Integer> numbers = Api.withKey(evaluator).get(plan + "/versions").then().extract().path("items.number");
        assertEquals(List.of(5, 4, 3, 2, 1), numbers);
    }
}

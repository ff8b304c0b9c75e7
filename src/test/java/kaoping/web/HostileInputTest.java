package kaoping.web;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/** Input no field can hold, and bodies larger than any JSON request, get a prompt 4xx naming what is wrong. */
@QuarkusTest
class HostileInputTest extends ApiTest {
    /**
     * HTTP/2 (cleartext, prior knowledge) sends a body without Content-Length; 300 MB of it to a JSON operation is
     * refused once it passes 10 MB: 413 with a problem+json body, and the rest of the body is not taken.
     * The client runs on a Vert.x of its own, so that its writing never holds up the server's event loop.
     */
    @Test
    void aJsonBodyWithoutALengthIsCutAtTheLimitOverHttp2() throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
        long total = 300L * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        CompletableFuture<JsonObject> answer = new CompletableFuture<>();
        byte[] spaces = new byte[64 * 1024];
        Arrays.fill(spaces, (byte) ' ');
        Buffer chunk = Buffer.buffer(spaces);
        try {
            client.request(HttpMethod.POST, RestAssured.port, "localhost", "/api/v1/units").onFailure(answer::completeExceptionally)
                    .onSuccess(request -> {
                        request.putHeader("X-API-Key", Api.ADMIN_KEY).putHeader("Content-Type", "application/json")
                                .setChunked(true).exceptionHandler(reset -> { });
                        request.response().compose(response -> response.body().map(body -> new JsonObject()
                                        .put("status", response.statusCode()).put("version", response.version().name())
                                        .put("type", response.getHeader("Content-Type")).put("body", body.toJsonObject())))
                                .onComplete(done -> {
                                    if (done.succeeded()) {
                                        answer.complete(done.result());
                                    } else {
                                        answer.completeExceptionally(done.cause());
                                    }
                                });
                        request.write("{\"kind\": \"UNIT\", \"name\": \"");
                        pump(request, chunk, sent, total, answer);
                    });
            JsonObject response = answer.get(60, TimeUnit.SECONDS);
            assertEquals("HTTP_2", response.getString("version"));
            assertEquals(413, response.getInteger("status"), response.encode());
            assertEquals(ProblemMappers.PROBLEM_JSON, response.getString("type"));
            assertEquals(413, response.getJsonObject("body").getInteger("status"));
            assertTrue(sent.get() < 100L * 1024 * 1024, "the server took " + sent.get() + " bytes of the body before it answered");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    /** Writes the body as fast as the server takes it (HTTP/2 flow control), until it answers or the body is complete. */
    private static void pump(HttpClientRequest request, Buffer chunk, AtomicLong sent, long total,
                             CompletableFuture<JsonObject> answer) {
        while (!answer.isDone() && sent.get() < total && !request.writeQueueFull()) {
            request.write(chunk);
            sent.addAndGet(chunk.length());
        }
        if (answer.isDone()) {
            return;
        }
        if (sent.get() >= total) {
            request.end("\"}");
        } else {
            request.drainHandler(drained -> pump(request, chunk, sent, total, answer));
        }
    }

    @Test
    void numbersNoFieldCanHoldAreRefusedNamingTheField() {
        Api.raw(evaluatorKey()).body("""
                {"scoringRules": {"totalWeight": 1E+2147483647},
                 "indicators": [{"code": "1", "name": "目标", "weight": 4, "inputs": {"actual": 1}}]}""")
                .post("/api/v1/scoring/evaluations").then().statusCode(400)
                .body("errors.field", contains("scoringRules.totalWeight"));
        Api.raw(evaluatorKey()).body("""
                {"scoringRules": {"totalWeight": 100},
                 "indicators": [{"code": "1", "name": "目标", "weight": 4, "inputs": {"actual": 1E-2147483647}}]}""")
                .post("/api/v1/scoring/evaluations").then().statusCode(400)
                .body("errors.field", contains("indicators[0].inputs.actual"));
        Api.raw(evaluatorKey()).body("""
                {"title": "考评表", "year": 99999999999999999999, "unitId": "%s", "indicators": []}"""
                        .formatted(newUnit("晋江市统计局")))
                .post("/api/v1/plans").then().statusCode(400).body("errors.field", contains("year"));
    }

    /** A token's subject and groups are the identity provider's to choose, and may be longer than any name here. */
    @Test
    void aCallerWithLongNamesWritesAndIsRecorded() {
        String subject = "cn=" + "郑".repeat(150) + ",ou=" + "x".repeat(200);
        String token = Jwt.issuer("https://idp.test.gov.cn").upn(subject).groups(Set.of("ADMIN", "group-" + "y".repeat(400)))
                .sign();
        Api.anonymous().auth().oauth2(token).body(Api.map("name", "晋江市审计局", "kind", "UNIT")).post("/api/v1/units")
                .then().statusCode(201);
        RestAssured.given().filter(Api.responseOnly()).contentType("application/json").auth().oauth2(token)
                .body(Api.map("name", "晋江市审计局", "kind", "NOT_A_KIND")).post("/api/v1/units").then().statusCode(400);
        Api.raw(newKey(Set.of("AUDITOR"), null)).queryParam("actor", subject).queryParam("outcome", "REFUSED")
                .get("/api/v1/audit-events").then().statusCode(200).body("items.actor.credential", contains(subject));
        // writes that publish an event or register a webhook record the name too
        Api.anonymous().auth().oauth2(token).body(Api.map("url", "http://127.0.0.1:9/hook")).post("/api/v1/webhooks")
                .then().statusCode(201);
        UUID plan = newPlan(jinjiangPlan(newUnit("晋江市统计局"), 2031));
        setStatus(plan, PlanStatus.SUBMITTED);
        String evaluator = Jwt.issuer("https://idp.test.gov.cn").upn(subject).groups(Set.of("EVALUATOR")).sign();
        Api.anonymous().auth().oauth2(evaluator).body(Api.map("action", "RETURN", "comment", "请补充责任人"))
                .post("/api/v1/plans/" + plan + "/transitions").then().statusCode(200);
    }

    @Test
    void aNulCharacterIsRefusedNamingTheField() {
        Api.admin().body(Api.map("name", "晋江\u0000市", "kind", "UNIT")).post("/api/v1/units").then().statusCode(400)
                .body("errors.field", contains("name")).body("status", equalTo(400));
    }
}

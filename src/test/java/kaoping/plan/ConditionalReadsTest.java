package kaoping.plan;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/**
 * Reads of a plan answer If-None-Match with 304 while nothing they show changed, and are never served from memory
 * after a change, however it was made: through the API, or by SQL past the application (an import, a cascade, a hand
 * fix), since the plan's generation is bumped by the database itself.
 */
@QuarkusTest
class ConditionalReadsTest extends ApiTest {
    @Inject
    DataSource db;
    @Inject
    Generations generations;

    @Test
    void theTreeIsReadConditionallyAndChangesWithWhatItShows() throws SQLException {
        UUID unit = newUnit("晋江市生态环境局");
        UUID person = newPerson("吴磊", unit);
        String editor = evaluatorKey();
        UUID plan = newPlan(body(unit));
        String tree = "/api/v1/plans/" + plan + "/indicators";
        String first = Api.withKey(editor).get(tree).then().statusCode(200).header("ETag", matchesPattern("\"0\\.\\d+\""))
                .extract().header("ETag");
        Api.withKey(editor).header("If-None-Match", first).get(tree).then().statusCode(304).header("ETag", first)
                .body(emptyString());
        Api.withKey(editor).header("If-None-Match", "\"0.1\", W/" + first).get(tree).then().statusCode(304);

        // someone answers for the target: the tree shows it, so its ETag changes although its version does not
        String leaf = Api.withKey(editor).get(tree).then().extract().path("indicators[0].id");
        Api.withKey(editor).header("If-Match", "\"0\"").body(Api.map("items", List.of(Map.of("role", "PERSON",
                "responsibility", "LEAD", "personId", person)))).put(tree + "/" + leaf + "/assignments").then().statusCode(200);
        String second = Api.withKey(editor).header("If-None-Match", first).get(tree).then().statusCode(200)
                .body(containsString("吴磊")).header("ETag", matchesPattern("\"\\d+\\.\\d+\"")).extract().header("ETag");
        assertNotEquals(first, second);

        // a change made past the application is seen at once too
        try (var connection = db.getConnection();
             var rename = connection.prepareStatement("update people set name = '吴磊磊' where id = ?")) {
            rename.setObject(1, person);
            assertEquals(1, rename.executeUpdate());
        }
        Api.withKey(editor).header("If-None-Match", second).get(tree).then().statusCode(200)
                .body(containsString("吴磊磊")).header("ETag", not(equalTo(second)));

        // the read's ETag names the tree's version for a change of the whole tree
        String current = Api.withKey(editor).get(tree).then().extract().header("ETag");
        Api.withKey(editor).header("If-Match", current).body(Map.of("indicators", List.of(Map.of("name", "新目标",
                "weight", 100)))).put(tree).then().statusCode(200);
        Api.withKey(editor).header("If-None-Match", current).get(tree).then().statusCode(200)
                .body(containsString("新目标"));
    }

    @Test
    void theScoreListsAndMatrixAreReadConditionally() {
        UUID unit = newUnit("晋江市财政局");
        String editor = evaluatorKey();
        UUID plan = newPlan(body(unit));
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        for (String read : List.of("/score", "/evidence", "/responsibility-matrix", "/evidence?size=5")) {
            String path = "/api/v1/plans/" + plan + read;
            String etag = Api.withKey(editor).get(path).then().statusCode(200).extract().header("ETag");
            Api.withKey(editor).header("If-None-Match", etag).get(path).then().statusCode(304).header("ETag", etag);
            // the same read for another caller is computed for them (and 404 where they do not see the plan)
            Api.withKey(coordinator).header("If-None-Match", etag).get(path).then().statusCode(304);
            Api.withKey(newKey(Set.of("UNIT_COORDINATOR"), newUnit("晋江市教育局"))).get(path).then().statusCode(404);
        }
        String list = "/api/v1/plans?unitId=" + unit;
        String etag = Api.withKey(editor).get(list).then().statusCode(200).extract().header("ETag");
        Api.withKey(editor).header("If-None-Match", etag).get(list).then().statusCode(304).header("ETag", etag);
        Api.withKey(editor).header("If-Match", "\"0\"").header("Content-Type", "application/merge-patch+json")
                .body(Map.of("title", "晋江市财政局2021年度绩效考评表（修订）")).patch("/api/v1/plans/" + plan).then().statusCode(200);
        Api.withKey(editor).header("If-None-Match", etag).get(list).then().statusCode(200).body(containsString("修订"));
    }

    @Test
    void aNewDepartmentOfThePlansUnitIsANewMatrix() {
        // the matrix lists every department of the unit for a 各科室 entry: a department added is a change of it
        UUID unit = newUnit("晋江市应急管理局");
        String editor = evaluatorKey();
        String matrix = "/api/v1/plans/" + newPlan(body(unit)) + "/responsibility-matrix";
        String etag = Api.withKey(editor).get(matrix).then().statusCode(200).extract().header("ETag");
        Api.admin().body(Api.map("name", "防汛科", "kind", "DEPARTMENT", "parentId", unit)).post("/api/v1/units").then()
                .statusCode(201);
        Api.withKey(editor).header("If-None-Match", etag).get(matrix).then().statusCode(200)
                .header("ETag", not(equalTo(etag)));
    }

    @Test
    void aCachedAnswerIsSentGzippedToClientsThatAcceptItWithTheSameTag() throws Exception {
        UUID unit = newUnit("晋江市司法局");
        String editor = evaluatorKey();
        String tree = "/api/v1/plans/" + newPlan(jinjiangPlan(unit, 2021)) + "/indicators";
        // HTTP/1.1 gets the gzip kept with the answer; HTTP/2, whose encoder compresses by itself, gets it compressed once
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpResponse<byte[]> plain = send(version, tree, editor, "identity", null);
            HttpResponse<byte[]> zipped = send(version, tree, editor, "gzip, deflate, br", null);
            assertEquals(List.of(200, 200), List.of(plain.statusCode(), zipped.statusCode()));
            assertEquals(version, zipped.version());
            assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse("none"));
            assertEquals(Optional.empty(), plain.headers().firstValue("Content-Encoding"));
            assertEquals("Accept-Encoding", zipped.headers().firstValue("Vary").orElse(""));
            assertArrayEquals(plain.body(), new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes());
            // one representation, so one tag: either answers If-None-Match for the other
            String etag = plain.headers().firstValue("ETag").orElseThrow();
            assertEquals(etag, zipped.headers().firstValue("ETag").orElseThrow());
            assertEquals(304, send(version, tree, editor, "gzip", etag).statusCode());
            // a client that refuses gzip by its weight does not get it
            assertNotEquals(Optional.of("gzip"), send(version, tree, editor, "gzip;q=0, identity", null).headers()
                    .firstValue("Content-Encoding"));
        }
    }

    @Test
    void oneKeptAnswerIsSentWholeToManyClientsAtOnce() throws Exception {
        UUID unit = newUnit("晋江市统计局");
        String editor = evaluatorKey();
        String tree = "/api/v1/plans/" + newPlan(jinjiangPlan(unit, 2021)) + "/indicators";
        byte[] first = send(HttpClient.Version.HTTP_1_1, tree, editor, "identity", null).body();
        byte[] firstZipped = send(HttpClient.Version.HTTP_1_1, tree, editor, "gzip", null).body();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<HttpResponse<byte[]>>> reads = new ArrayList<>();
            for (int i = 0; i < 320; i++) {
                String encoding = i % 2 == 0 ? "identity" : "gzip";
                reads.add(clients.submit(() -> send(HttpClient.Version.HTTP_1_1, tree, editor, encoding, null)));
            }
            for (int i = 0; i < reads.size(); i++) {
                // the same bytes, kept once, each answer taking them from the start to the end
                assertArrayEquals(i % 2 == 0 ? first : firstZipped, reads.get(i).get(30, TimeUnit.SECONDS).body());
            }
        } finally {
            clients.shutdownNow();
        }
    }

    /** java.net.http neither asks for gzip nor decompresses, so the answer is seen as it came over the wire. */
    private static HttpResponse<byte[]> send(HttpClient.Version version, String path, String key, String acceptEncoding,
                                             String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + path))
                .header("X-API-Key", key).header("Accept-Encoding", acceptEncoding);
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HttpClient.newBuilder().version(version).build().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theListIsCachedUntilAnythingItShowsChangesHoweverItChanges() throws SQLException {
        UUID unit = newUnit("晋江市水利局");
        String editor = evaluatorKey();
        newPlan(body(unit));
        String list = "/api/v1/plans?unitId=" + unit;
        String etag = Api.withKey(editor).get(list).then().statusCode(200).extract().header("ETag");
        // the unit renamed past the application: the list shows the unit's name
        try (var connection = db.getConnection();
             var rename = connection.prepareStatement("update units set name = '晋江市水利局（新）' where id = ?")) {
            rename.setObject(1, unit);
            assertEquals(1, rename.executeUpdate());
        }
        String renamed = Api.withKey(editor).header("If-None-Match", etag).get(list).then().statusCode(200)
                .body("items[0].unit.name", equalTo("晋江市水利局（新）")).extract().header("ETag");
        // folding the list's change rows is no change of the list
        long generation = generations.list();
        generations.foldListChanges();
        assertEquals(generation, generations.list());
        assertEquals("1", selectOne(db, "select count(*) from plan_list_changes where id > ?::bigint", "0"));
        Api.withKey(editor).header("If-None-Match", renamed).get(list).then().statusCode(304)
                .header("Cache-Control", "private, no-cache");
    }

    @Test
    void anAssessorsListShowsAPlanOnceTheyAreNamedForIt() {
        UUID unit = newUnit("晋江市住建局");
        UUID plan = newPlan(body(unit));
        UUID person = newPerson("林静", newEvaluatingBody("考评组"));
        String assessor = assessorKey(person);
        String list = "/api/v1/plans?year=2021";
        String etag = Api.withKey(assessor).get(list).then().statusCode(200).body("items.id", not(hasItem(plan.toString())))
                .extract().header("ETag");
        Api.withKey(evaluatorKey()).body(Api.map("personId", person)).post("/api/v1/plans/" + plan + "/assessors").then()
                .statusCode(201);
        Api.withKey(assessor).header("If-None-Match", etag).get(list).then().statusCode(200)
                .body("items.id", hasItem(plan.toString()));
    }

    private static String body(UUID unit) {
        return "{\"title\":\"考评表\",\"year\":2021,\"unitId\":\"" + unit + "\",\"indicators\":[{\"name\":\"目标\",\"weight\":100}]}";
    }
}

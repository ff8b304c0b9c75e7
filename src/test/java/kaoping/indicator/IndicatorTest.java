package kaoping.indicator;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import kaoping.support.Api;
import kaoping.support.ApiTest;

/** Editing a draft's tree node by node, and replacing it whole. */
@QuarkusTest
class IndicatorTest extends ApiTest {
    private String key;
    private UUID unit;
    private String plan;

    @BeforeEach
    void plan() {
        key = evaluatorKey();
        unit = newUnit("晋江市生态环境局" + UUID.randomUUID().toString().substring(0, 4));
        plan = Api.withKey(key).body(Api.map("title", "考评表", "year", 2021, "unitId", unit, "indicators", List.of(
                Api.map("code", "1", "name", "职能工作目标", "weight", 60, "children", List.of(
                        Api.map("code", "1-1", "name", "生态体制改革", "weight", 30),
                        Api.map("code", "1-2", "name", "实施20个大气减排治理项目", "weight", 30,
                                "scoring", Api.map("method", "RATIO", "target", 20, "unit", "个")))),
                Api.map("code", "2", "name", "行政能力目标", "weight", 40))))
                .post("/api/v1/plans").then().statusCode(201).extract().path("id");
    }

    private RequestSpecification as() {
        return Api.withKey(key);
    }

    private JsonPath tree() {
        return as().get("/api/v1/plans/" + plan + "/indicators").then().statusCode(200).extract().jsonPath();
    }

    private String idOf(String code) {
        return find(tree().getList("indicators"), code);
    }

    @SuppressWarnings("unchecked")
    private static String find(List<Map<String, Object>> nodes, String code) {
        for (Map<String, Object> node : nodes) {
            if (code.equals(node.get("code"))) {
                return (String) node.get("id");
            }
            if (node.get("children") != null) {
                String found = find((List<Map<String, Object>>) node.get("children"), code);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private String url(String code) {
        return "/api/v1/plans/" + plan + "/indicators/" + idOf(code);
    }

    @Test
    void nodesAreAddedAnywhereAndTheTreeSaysWhenWeightsStopAddingUp() {
        String level2 = idOf("2");
        as().queryParam("parentId", level2).body(Api.map("code", "2-1", "name", "依法行政", "weight", 15,
                "scoring", Api.map("method", "COMPLETION"))).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(201).header("Location", containsString(plan + "/indicators/")).header("ETag", "\"0\"")
                .body("scoring.method", equalTo("COMPLETION"));
        as().queryParam("parentId", level2).queryParam("position", 0)
                .body(Api.map("code", "2-0", "name", "科学民主行政", "weight", 25)).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(201);
        JsonPath t = tree();
        assertEquals(List.of("2-0", "2-1"), t.getList("indicators[1].children.code"));
        assertEquals(true, t.getBoolean("consistent"));
        org.junit.jupiter.api.Assertions.assertNull(t.get("indicators[1].scoring"), "a node with children is no longer scored");

        as().queryParam("position", 5).body(Api.map("name", "太远", "weight", 0)).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(422).body("errors[0].field", equalTo("position"));
        as().queryParam("parentId", UUID.randomUUID()).body(Api.map("name", "无父", "weight", 0))
                .post("/api/v1/plans/" + plan + "/indicators").then().statusCode(422).body("errors[0].field", equalTo("parentId"));
        as().body(Api.map("code", "1-1", "name", "重号", "weight", 0)).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(422).body("errors[0].field", equalTo("code"));

        as().contentType("application/merge-patch+json").header("If-Match", "\"0\"").body(Api.map("weight", 20))
                .patch(url("2-1")).then().statusCode(200).header("ETag", "\"1\"").body("weight", equalTo(20));
        t = tree();
        assertEquals(false, t.getBoolean("consistent"));
        assertEquals(List.of(Map.of("field", "indicators[1]", "indicatorId", idOf("2"), "code", "2", "name", "行政能力目标",
                "expected", 40, "actual", 45)), t.getList("inconsistencies"));
    }

    @Test
    void aPatchNeedsTheNodesEtagAndIsCheckedForItsMethod() {
        String leaf = url("1-2");
        as().contentType("application/merge-patch+json").body(Api.map("weight", 30)).patch(leaf).then().statusCode(428);
        as().contentType("application/merge-patch+json").header("If-Match", "\"3\"").body(Api.map("weight", 30))
                .patch(leaf).then().statusCode(412).body("detail", containsString("\"0\""));
        as().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("scoring", Api.map("method", "CHALLENGE", "challenge", 25)))
                .patch(leaf).then().statusCode(200).body("scoring.bonusFraction", equalTo(0.2f)).body("scoring.target", equalTo(20)).body("scoring.challenge", equalTo(25))
                .body("scoring", not(org.hamcrest.Matchers.hasKey("bands")))
                .body("scoring.unit", equalTo("个"));
        as().contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Api.map("scoring", Api.map("challenge", 15))).patch(leaf).then().statusCode(422)
                .body("errors[0].field", equalTo("scoring.challenge"));
        as().contentType("application/merge-patch+json").header("If-Match", "\"1\"").body(Api.map("weight", 30.125))
                .patch(leaf).then().statusCode(422).body("errors[0].field", equalTo("weight"));
        as().contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("scoring", Api.map("method", "MANUAL"))).patch(url("1")).then().statusCode(422)
                .body("errors[0].field", equalTo("scoring"));
        as().contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body("{\"scoring\": null, \"description\": \"空气质量优良率保持在97%以上\"}").patch(leaf).then().statusCode(200)
                .body("scoring.method", equalTo("MANUAL")).body("description", equalTo("空气质量优良率保持在97%以上"));
    }

    @Test
    void aTargetKeepsItsCriteriaAsWrittenAndOnlyTargetsHaveThem() {
        String criteria = "每发现一次扣0.5分，扣完为止；\n\"重大\"问题,=不得分";
        as().queryParam("parentId", idOf("2")).body(Api.map("code", "2-1", "name", "依法行政", "weight", 40,
                "criteria", criteria)).post("/api/v1/plans/" + plan + "/indicators").then().statusCode(201)
                .body("criteria", equalTo(criteria));
        assertEquals(criteria, tree().getString("indicators[1].children[0].criteria"));
        as().queryParam("parentId", idOf("2")).body(Api.map("name", "组", "weight", 0, "criteria", "组的标准",
                "children", List.of(Api.map("name", "子", "weight", 0)))).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(422).body("errors.field", equalTo(List.of("criteria")));

        String leaf = url("1-2");
        patch(leaf, "0", Api.map("criteria", "完成得满分，未完成不得分")).statusCode(200).body("criteria", equalTo("完成得满分，未完成不得分"));
        // bounded as an Excel cell is, so that it always exports whole; the field is named
        patch(leaf, "1", Api.map("criteria", "扣".repeat(32_768))).statusCode(400).body("errors[0].field", equalTo("criteria"));
        patch(leaf, "1", Api.map("criteria", "扣".repeat(32_767))).statusCode(200);
        patch(leaf, "2", "{\"criteria\": null}").statusCode(200).body("criteria", nullValue());
        patch(url("1"), "0", Api.map("criteria", "一级指标的标准")).statusCode(422).body("errors[0].field", equalTo("criteria"));

        // a target that gets a child is no longer scored itself: its criteria go with its scoring
        patch(leaf, "3", Api.map("criteria", "完成得满分")).statusCode(200);
        as().queryParam("parentId", idOf("1-2")).body(Api.map("name", "子目标", "weight", 30))
                .post("/api/v1/plans/" + plan + "/indicators").then().statusCode(201);
        as().get(leaf).then().statusCode(200).body("criteria", nullValue())
                .body("children[0].name", equalTo("子目标"));
    }

    private io.restassured.response.ValidatableResponse patch(String url, String version, Object body) {
        return as().contentType("application/merge-patch+json").header("If-Match", "\"" + version + "\"").body(body)
                .patch(url).then();
    }

    @Test
    void nodesMoveWithTheirSubtreeButNotUnderThemselves() {
        String target = idOf("1-2");
        String level2 = idOf("2");
        as().header("If-Match", "\"0\"").body(Api.map("parentId", level2, "position", 0))
                .post(url("1-2") + "/move").then().statusCode(200).header("ETag", "\"1\"").body("code", equalTo("1-2"));
        JsonPath t = tree();
        assertEquals(List.of("1-1"), t.getList("indicators[0].children.code"));
        assertEquals(List.of("1-2"), t.getList("indicators[1].children.code"));
        assertEquals(target, t.getString("indicators[1].children[0].id"));

        // "2" got a child, so it lost its scoring and its version moved on
        as().header("If-Match", "\"0\"").body(Api.map("position", 0)).post(url("2") + "/move").then().statusCode(412);
        as().header("If-Match", "\"1\"").body(Api.map("parentId", target, "position", 0))
                .post(url("2") + "/move").then().statusCode(422).body("errors[0].message", containsString("itself"));
        as().header("If-Match", "\"1\"").body(Api.map("position", 0)).post(url("2") + "/move").then().statusCode(200);
        assertEquals(List.of("2", "1"), tree().getList("indicators.code"));
        as().body(Api.map("position", 1)).post(url("2") + "/move").then().statusCode(428);
    }

    @Test
    void movingANodeUnderItsNextSiblingKeepsTheSiblingsInOrder() {
        as().header("If-Match", "\"0\"").body(Api.map("parentId", idOf("1-2"), "position", 0))
                .post(url("1-1") + "/move").then().statusCode(200);
        as().queryParam("parentId", idOf("1")).queryParam("position", 1)
                .body(Api.map("code", "1-3", "name", "排污口整治", "weight", 0)).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(201);
        JsonPath t = tree();
        assertEquals(List.of("1-2", "1-3"), t.getList("indicators[0].children.code"));
        assertEquals(List.of("1-1"), t.getList("indicators[0].children[0].children.code"));
    }

    @Test
    void deletingANodeTakesItsSubtreeAndClosesTheGap() {
        as().header("If-Match", "\"9\"").delete(url("1")).then().statusCode(412);
        as().delete(url("1")).then().statusCode(204);
        JsonPath t = tree();
        assertEquals(List.of("2"), t.getList("indicators.code"));
        assertEquals(1, t.getInt("nodeCount"));
        as().contentType("application/merge-patch+json").header("If-Match", "\"0\"").body(Api.map("weight", 100))
                .patch(url("2")).then().statusCode(200);
        assertEquals(true, tree().getBoolean("consistent"));
        as().get("/api/v1/plans/" + plan + "/indicators/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void theWholeTreeIsReplacedOnlyFromItsCurrentVersionAndOnlyWhenItAddsUp() {
        String etag = as().get("/api/v1/plans/" + plan + "/indicators").then().extract().header("ETag");
        Map<String, Object> replacement = Api.map("indicators", List.of(
                Api.map("code", "A", "name", "重点工作", "weight", 70, "children", List.of(
                        Api.map("code", "A-1", "name", "扬尘治理", "weight", 70,
                                "scoring", Api.map("method", "BANDS", "direction", "HIGHER",
                                        "bands", List.of(Api.map("threshold", 97, "fraction", 1), Api.map("threshold", 90, "fraction", 0.6)))))),
                Api.map("code", "B", "name", "行政能力", "weight", 30, "scoring", Api.map("method", "DEDUCTION", "perOccurrence", 0.5))));
        as().body(replacement).put("/api/v1/plans/" + plan + "/indicators").then().statusCode(428);
        as().header("If-Match", "\"99\"").body(replacement).put("/api/v1/plans/" + plan + "/indicators").then().statusCode(412);

        Map<String, Object> broken = Api.map("indicators", List.of(Api.map("code", "A", "name", "重点工作", "weight", 70)));
        as().header("If-Match", etag).body(broken).put("/api/v1/plans/" + plan + "/indicators").then().statusCode(422)
                .body("inconsistencies", hasSize(1));
        assertEquals(List.of("1", "2"), tree().getList("indicators.code"), "a refused tree leaves the old one");

        String newEtag = as().header("If-Match", etag).body(replacement).put("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(200).body("leafCount", equalTo(2)).body("consistent", equalTo(true))
                .body("indicators[0].children[0].scoring.bands", hasSize(2))
                .body("indicators[1].scoring.floor", equalTo(0)).extract().header("ETag");
        assertNotEquals(etag, newEtag);
        as().header("If-Match", etag).body(replacement).put("/api/v1/plans/" + plan + "/indicators").then().statusCode(412);
        as().contentType("application/merge-patch+json").header("If-Match", "\"0\"").body(Api.map("name", "行政能力目标"))
                .patch(url("B")).then().statusCode(200);
        assertNotEquals(newEtag, as().get("/api/v1/plans/" + plan + "/indicators").then().extract().header("ETag"),
                "every node edit moves the tree's ETag");
    }

    @Test
    void parallelAddsUnderOneParentAreAppliedOneAtATime() throws Exception {
        String parent = idOf("2");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String code = "2-" + i;
                answers.add(pool.submit(() -> as().queryParam("parentId", parent).queryParam("position", 0)
                        .body(Api.map("code", code, "name", "并发" + code, "weight", 4))
                        .post("/api/v1/plans/" + plan + "/indicators").statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(201, answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdown();
        }
        JsonPath t = tree();
        List<String> codes = t.getList("indicators[1].children.code");
        assertEquals(10, new java.util.HashSet<>(codes).size(), "every add kept its own place: " + codes);
        assertEquals(true, t.getBoolean("consistent"), "ten children of 4 add up to the parent's 40");
        List<Integer> positions = QuarkusTransaction.requiringNew().call(() -> IndicatorEntity
                .<IndicatorEntity>list("parentId", UUID.fromString(parent)).stream().map(e -> e.position).sorted().toList());
        assertEquals(IntStream.range(0, 10).boxed().toList(), positions, "sibling positions stay dense and unique");
    }

    @Test
    void onlyThePlansEditorsChangeItsTree() {
        String foreign = newKey(Set.of("UNIT_COORDINATOR"), newUnit("别的单位"));
        String own = newKey(Set.of("UNIT_COORDINATOR"), unit);
        // another unit's plan does not exist for its coordinator
        Api.withKey(foreign).get("/api/v1/plans/" + plan + "/indicators").then().statusCode(404);
        Api.withKey(foreign).body(Api.map("name", "越权", "weight", 0)).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(404);
        Api.withKey(foreign).delete(url("2")).then().statusCode(404);
        // a RESPONSIBLE person of the unit reads the tree but does not edit it
        String responsible = responsibleKey(unit);
        Api.withKey(responsible).get("/api/v1/plans/" + plan + "/indicators").then().statusCode(200);
        Api.withKey(responsible).delete(url("2")).then().statusCode(403);
        Api.withKey(own).body(Api.map("name", "本单位", "weight", 0)).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(201).body("scoring.method", equalTo("MANUAL")).body("$", not(org.hamcrest.Matchers.hasKey("children")));
        Api.withKey(own).get(url("1")).then().statusCode(200).header("ETag", "\"0\"").body("children", hasSize(2))
                .body("children[1].scoring.target", equalTo(20)).body("scoring", nullValue());
    }
}

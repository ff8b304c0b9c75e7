package kaoping.plan;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import kaoping.support.Api;
import kaoping.support.ApiTest;

@QuarkusTest
class PlanTest extends ApiTest {
    @Inject
    EntityManagerFactory entityManagerFactory;

    @Test
    void theJinjiangPlanIsCreatedInOneCallAndReadBackAsPublished() throws IOException {
        UUID unit = newUnit("泉州市晋江生态环境局");
        String key = evaluatorKey();
        var created = Api.withKey(key).body(jinjiangPlan(unit, 2021)).post("/api/v1/plans").then().statusCode(201)
                .header("ETag", "\"0\"").body("status", equalTo("DRAFT")).body("series", equalTo("第二系列参评单位"))
                .body("documentNumber", equalTo("晋环保〔2021〕162号"))
                .body("scoringRules.aggregation", equalTo("MEAN")).body("scoringRules.bonusCap", equalTo(3))
                .body("scoringRules.gradeBands.label", org.hamcrest.Matchers.contains("优秀", "合格", "不合格"))
                .extract();
        String planId = created.path("id");
        assertEquals("/api/v1/plans/" + planId, java.net.URI.create(created.header("Location")).getPath());

        JsonPath tree = Api.withKey(key).get("/api/v1/plans/" + planId + "/indicators").then().statusCode(200)
                .header("ETag", notNullValue()).body("leafCount", equalTo(54)).body("nodeCount", equalTo(75))
                .body("consistent", equalTo(true)).body("inconsistencies", hasSize(0))
                .body("indicators.weight", org.hamcrest.Matchers.contains(65, 35))
                .extract().jsonPath();
        assertEquals(List.of(40, 20, 5, 7, 7, 7, 7, 7), tree.getList("indicators.children.flatten().weight"));
        assertEquals(sourceTargets(), leaves(tree.getList("indicators")), "every target, in order, as published");
        assertEquals("MANUAL", tree.getString("indicators[0].children[0].children[0].children[0].scoring.method"));
    }

    /** (name or content, weight) of each target of the original fixture, in the order of the table. */
    private static List<String> sourceTargets() throws IOException {
        JsonNode source = new ObjectMapper().readTree(Api.resource("jinjiang-2021.json"));
        List<String> targets = new ArrayList<>();
        for (JsonNode l1 : source.get("tree")) {
            for (JsonNode l2 : l1.get("children")) {
                for (JsonNode item : l2.get("items")) {
                    for (JsonNode t : item.get("targets")) {
                        targets.add(t.get("content").asText() + " " + t.get("weight").decimalValue().stripTrailingZeros());
                    }
                }
            }
        }
        return targets;
    }

    @SuppressWarnings("unchecked")
    private static List<String> leaves(List<Map<String, Object>> nodes) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> node : nodes) {
            List<Map<String, Object>> children = (List<Map<String, Object>>) node.get("children");
            if (children == null) {
                String content = node.containsKey("description") ? (String) node.get("description") : (String) node.get("name");
                out.add(content + " " + new BigDecimal(node.get("weight").toString()).stripTrailingZeros());
            } else {
                out.addAll(leaves(children));
            }
        }
        return out;
    }

    @Test
    void readingATreeTakesTheSameFewStatementsWhateverItsSize() {
        String key = evaluatorKey();
        String small = Api.withKey(key).body(Api.map("title", "小表", "year", 2021, "unitId", newUnit("小局"),
                "indicators", List.of(node("1", 100, null)))).post("/api/v1/plans").then().statusCode(201).extract().path("id");
        List<Map<String, Object>> level1 = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            List<Map<String, Object>> level2 = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                List<Map<String, Object>> targets = new ArrayList<>();
                for (int k = 0; k < 10; k++) {
                    targets.add(node(i + "-" + j + "-" + k, 0.1, null));
                }
                level2.add(node(i + "-" + j, 1, targets));
            }
            level1.add(node(String.valueOf(i), 10, level2));
        }
        String large = Api.withKey(key).body(Api.map("title", "大表", "year", 2021, "unitId", newUnit("大局"),
                "indicators", level1)).post("/api/v1/plans").then().statusCode(201).extract().path("id");

        long smallStatements = statementsFor(key, small, 1);
        long largeStatements = statementsFor(key, large, 1000);
        assertEquals(smallStatements, largeStatements, "1 leaf and 1,000 leaves take as many statements");
        // plan, nodes, evidence counts, assignments (the key is known from memory)
        org.junit.jupiter.api.Assertions.assertTrue(largeStatements <= 4, "statements: " + largeStatements);
    }

    private long statementsFor(String key, String planId, int leaves) {
        Api.withKey(key).get("/api/v1/me").then().statusCode(200); // the key known from memory, whatever came before
        var statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        statistics.clear();
        Api.withKey(key).get("/api/v1/plans/" + planId + "/indicators").then().statusCode(200).body("leafCount", equalTo(leaves));
        return statistics.getPrepareStatementCount();
    }

    static Map<String, Object> node(String code, Object weight, List<Map<String, Object>> children) {
        return Api.map("code", code, "name", "指标" + code, "weight", weight, "children", children);
    }

    @Test
    void aTreeThatDoesNotAddUpIsRefusedNamingEveryNodeAndNothingIsStored() {
        UUID unit = newUnit("晋江市住建局");
        String key = evaluatorKey();
        String body = jinjiangPlan(unit, 2022).replaceFirst("\"weight\": 40", "\"weight\": 41")
                .replaceFirst("\"weight\": 35", "\"weight\": 34.5");
        var problem = Api.withKey(key).body(body).post("/api/v1/plans").then().statusCode(422)
                .contentType("application/problem+json").body("type", containsString("weights-inconsistent"))
                .extract().jsonPath();
        List<Map<String, Object>> found = problem.getList("inconsistencies");
        assertEquals(4, found.size(), found.toString());
        assertEquals(Map.of("field", "indicators", "expected", 100, "actual", 99.5f), found.get(0));
        assertEquals(List.of("indicators[0]", "indicators[0].children[0]", "indicators[1]"),
                found.subList(1, 4).stream().map(f -> f.get("field")).toList());
        assertEquals(List.of(65, 41, 34.5f), found.subList(1, 4).stream().map(f -> f.get("expected")).toList());
        assertEquals(List.of(66, 40, 35), found.subList(1, 4).stream().map(f -> f.get("actual")).toList());
        org.hamcrest.MatcherAssert.assertThat(problem.getList("errors.message"), hasItem(containsString("1.1 重点工作目标 sum to 40")));
        Api.withKey(key).get("/api/v1/plans?unitId=" + unit).then().body("total", equalTo(0));
    }

    @Test
    void nodesAreCheckedForDecimalsMethodsAndServerOwnedFields() {
        UUID unit = newUnit("晋江市交通运输局");
        String key = evaluatorKey();
        Api.raw(key).body(Api.map("title", "t", "year", 2023, "unitId", unit,
                "indicators", List.of(node("1", -100, null)))).post("/api/v1/plans").then().statusCode(400)
                .body("errors[0].field", equalTo("indicators[0].weight"));
        Api.withKey(key).body(Api.map("title", "t", "year", 2023, "unitId", unit,
                "indicators", List.of(node("1", 99.995, null), node("2", 0.005, null)))).post("/api/v1/plans").then()
                .statusCode(422).body("errors.field", org.hamcrest.Matchers.contains("indicators[0].weight", "indicators[1].weight"));
        Map<String, Object> ratio = node("1-2 b", 100, null);
        ratio.put("scoring", Api.map("method", "RATIO", "floor", 1));
        Map<String, Object> inner = node("2", 0, List.of(node("2-1", 0, null)));
        inner.put("scoring", Api.map("method", "MANUAL"));
        Api.withKey(key).body(Api.map("title", "t", "year", 2023, "unitId", unit, "indicators", List.of(ratio, inner)))
                .post("/api/v1/plans").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("indicators[0].scoring.floor",
                        "indicators[0].scoring.target", "indicators[1].scoring"));
        Map<String, Object> withId = node("1", 100, null);
        withId.put("id", UUID.randomUUID().toString());
        Api.withKey(key).body(Api.map("title", "t", "year", 2023, "unitId", unit, "indicators", List.of(withId)))
                .post("/api/v1/plans").then().statusCode(400).body("errors[0].field", equalTo("indicators[0].id"));
        Api.withKey(key).body(Api.map("title", "t", "year", 2023, "unitId", unit,
                "indicators", List.of(node("1", 50, null), node("1", 50, null)))).post("/api/v1/plans").then()
                .statusCode(422).body("errors[0].field", equalTo("indicators[1].code"));
        Api.withKey(key).body(Api.map("title", "t", "year", 2023, "unitId", UUID.randomUUID())).post("/api/v1/plans")
                .then().statusCode(422).body("errors[0].field", equalTo("unitId"));
        Api.withKey(key).body(Api.map("title", "t", "year", 2023, "unitId", unit, "scoringRules",
                Api.map("components", List.of(Api.map("key", "indicator", "share", 0.7), Api.map("key", "public", "share", 0.2)))))
                .post("/api/v1/plans").then().statusCode(422).body("errors[0].field", equalTo("scoringRules.components"))
                .body("errors[0].message", containsString("0.9"));
        Api.withKey(key).get("/api/v1/plans?unitId=" + unit).then().body("total", equalTo(0));
    }

    @Test
    void aPlanIsCreatedWithWhoAnswersForItsTargetsInOneCallAllCheckedFirst() {
        UUID unit = newUnit("晋江市司法局");
        UUID person = newPerson("陈立", unit);
        UUID department = UUID.fromString(Api.admin().body(Api.map("name", "法治督察科", "kind", "DEPARTMENT", "parentId", unit))
                .post("/api/v1/units").then().statusCode(201).extract().path("id"));
        UUID stranger = newPerson("外单位人员", newUnit("晋江市税务局"));
        String key = evaluatorKey();
        List<Map<String, Object>> wrong = List.of(
                Api.map("role", "PERSON", "responsibility", "LEAD", "personId", stranger),
                Api.map("role", "DEPARTMENT", "responsibility", "SUPPORT", "departmentId", UUID.randomUUID()));
        List<Map<String, Object>> right = List.of(
                Api.map("role", "DEPARTMENT", "responsibility", "LEAD", "departmentId", department),
                Api.map("role", "PERSON", "responsibility", "LEAD", "personId", person));
        // every wrong entry is named by its path, and nothing is stored: no plan, no node, no entry
        Api.withKey(key).body(plan(unit, right, wrong)).post("/api/v1/plans").then().statusCode(422)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder(
                        "indicators[1].children[0].assignments[0].personId",
                        "indicators[1].children[0].assignments[1].departmentId"));
        Api.withKey(key).get("/api/v1/plans?unitId=" + unit).then().body("total", equalTo(0));

        String planId = Api.withKey(key).body(plan(unit, right, right)).post("/api/v1/plans").then().statusCode(201)
                .body("unit.name", equalTo("晋江市司法局")).extract().path("id");
        JsonPath tree = Api.withKey(key).get("/api/v1/plans/" + planId + "/indicators").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(List.of("法治督察科", "陈立"), tree.getList("indicators[0].assignments.name"));
        assertEquals(List.of("法治督察科", "陈立"), tree.getList("indicators[1].children[0].assignments.name"));
        Api.withKey(key).get("/api/v1/plans/" + planId + "/responsibility-matrix").then().statusCode(200)
                .body("unassigned", hasSize(0)).body("people[0].lead.targets", equalTo(2));
        // later writes of the tree leave who answers for it to PUT .../assignments
        Api.withKey(key).header("If-Match", "\"0\"").body(Api.map("indicators", List.of(Api.map("name", "全部", "weight", 100,
                "assignments", right)))).put("/api/v1/plans/" + planId + "/indicators").then().statusCode(400)
                .body("errors[0].field", equalTo("indicators[0].assignments"));
    }

    private static Map<String, Object> plan(UUID unit, List<Map<String, Object>> first, List<Map<String, Object>> second) {
        return Api.map("title", "晋江市司法局2025年度绩效考评表", "year", 2025, "unitId", unit, "indicators", List.of(
                Api.map("code", "1", "name", "普法宣传", "weight", 40, "assignments", first),
                Api.map("code", "2", "name", "法治政府建设", "weight", 60, "children", List.of(
                        Api.map("code", "2-1", "name", "行政复议", "weight", 60, "assignments", second)))));
    }

    @Test
    void oneDraftPerUnitAndYearThatCanBeFoundChangedAndDeleted() {
        UUID unit = newUnit("晋江市农业农村局");
        String key = evaluatorKey();
        String planId = Api.withKey(key).body(jinjiangPlan(unit, 2024)).post("/api/v1/plans").then().statusCode(201)
                .extract().path("id");
        Api.withKey(key).body(jinjiangPlan(unit, 2024)).post("/api/v1/plans").then().statusCode(409)
                .body("detail", containsString("2024"));
        Api.withKey(key).get("/api/v1/plans?year=2024&unitId=" + unit + "&status=DRAFT&q=生态环境局").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(planId));
        Api.withKey(key).get("/api/v1/plans?year=2024&unitId=" + unit + "&q=不存在").then().body("total", equalTo(0));

        String url = "/api/v1/plans/" + planId;
        Api.raw(key).contentType("application/merge-patch+json").body(Api.map("title", "新标题")).patch(url)
                .then().statusCode(428);
        Api.withKey(key).contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("documentNumber", "晋环保〔2024〕170号", "scoringRules", Api.map("bonusCap", 5))).patch(url)
                .then().statusCode(200).header("ETag", "\"1\"").body("documentNumber", equalTo("晋环保〔2024〕170号"))
                .body("scoringRules.bonusCap", equalTo(5)).body("scoringRules.aggregation", equalTo("MEAN"));
        Api.withKey(key).contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("title", "旧的")).patch(url).then().statusCode(412);
        Api.withKey(key).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Api.map("scoringRules", Api.map("gradeBands", List.of(Api.map("min", 90, "label", "优秀"),
                        Api.map("min", 95, "label", "合格"))))).patch(url).then().statusCode(422);
        Api.raw(key).contentType("application/merge-patch+json").header("If-Match", "\"1\"")
                .body(Api.map("status", "APPROVED")).patch(url).then().statusCode(400).body("errors[0].field", equalTo("status"));

        Api.withKey(newKey(java.util.Set.of("AUDITOR"), null)).delete(url).then().statusCode(403);
        Api.withKey(key).delete(url).then().statusCode(204);
        Api.withKey(key).get(url).then().statusCode(404);
        Api.withKey(key).get(url + "/indicators").then().statusCode(404);
    }
}

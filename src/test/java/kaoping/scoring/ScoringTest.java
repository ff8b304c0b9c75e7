package kaoping.scoring;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManagerFactory;

import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;

@QuarkusTest
class ScoringTest extends ApiTest {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Numbers are equal when their values are: 1.70 is 1.7. */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    @Inject
    EntityManagerFactory entityManagerFactory;

    private Statistics statistics() {
        Statistics statistics = entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
        statistics.clear();
        return statistics;
    }

    private static JsonNode json(String body) throws Exception {
        return JSON.readTree(body);
    }

    private static void assertSameJson(JsonNode expected, JsonNode actual) {
        assertTrue(expected.equals(BY_VALUE, actual), "expected " + expected + "\n but got " + actual);
    }

    @Test
    void theContractExampleIsWhatTheEngineAnswersAndNoSqlRuns() throws Exception {
        var examples = new OpenAPIV3Parser().read("openapi/openapi.yaml").getComponents().getExamples();
        String request = JSON.writeValueAsString(examples.get("evaluationRequest").getValue());
        JsonNode expected = JSON.valueToTree(examples.get("evaluationResult").getValue());
        Statistics statistics = statistics();
        String answer = Api.token(Set.of("RESPONSIBLE"), UUID.randomUUID()).body(request).post("/api/v1/scoring/evaluations")
                .then().statusCode(200).extract().asString();
        assertEquals(0, statistics.getPrepareStatementCount(), "SQL statements during a stateless evaluation");
        assertSameJson(expected, json(answer));
    }

    private static Map<String, Object> leaf(String code, double weight, Map<String, Object> scoring, Map<String, Object> inputs) {
        return Api.map("code", code, "name", "目标 " + code, "weight", weight, "scoring", scoring, "inputs", inputs);
    }

    private static Map<String, Object> request(Map<String, Object> rules, Map<String, Object>... leaves) {
        return Api.map("scoringRules", rules, "indicators", List.of(Api.map("code", "1", "name", "职能工作目标",
                "weight", 4, "children", List.of(leaves))));
    }

    private static void refused(Map<String, Object> body, String field) {
        Api.token(Set.of("EVALUATOR"), null).body(body).post("/api/v1/scoring/evaluations").then().statusCode(422)
                .body("errors.field", hasItem(field));
    }

    @Test
    @SuppressWarnings("unchecked")
    void invalidInputIsRefusedNamingTheNode() {
        Map<String, Object> total4 = Api.map("totalWeight", 4);
        Map<String, Object> manual = Api.map("method", "MANUAL");
        refused(request(total4, leaf("1-1", 2, manual, Api.map("assessorScores", List.of(2))),
                leaf("1-2", 1, manual, null)), "indicators[0]");
        refused(request(total4, leaf("1-1", 2, manual, Api.map("assessorScores", List.of(1, 2.5))),
                leaf("1-2", 2, manual, null)), "indicators[0].children[0].inputs.assessorScores[1]");
        refused(request(total4, leaf("1-1", 2, Api.map("method", "RATIO"), Api.map("actual", 3)),
                leaf("1-2", 2, manual, null)), "indicators[0].children[0].scoring.target");
        refused(request(total4, leaf("1-1", 2, Api.map("method", "GRADE"), Api.map("assessorGrades", List.of("优", "甲"))),
                leaf("1-2", 2, manual, null)), "indicators[0].children[0].inputs.assessorGrades[1]");
        refused(request(Api.map("totalWeight", 4, "components", List.of(Api.map("key", "indicator", "share", 0.7),
                        Api.map("key", "public", "share", 0.2))), leaf("1-1", 2, manual, null), leaf("1-2", 2, manual, null)),
                "scoringRules.components");
        refused(request(Api.map("gradeBands", List.of(Api.map("min", 90, "label", "优秀"), Api.map("min", 10, "label", "合格")))),
                "scoringRules.gradeBands[1].min");
    }

    @Test
    void nullsInListsAndMapsAreRefusedAsNotMatchingTheContract() {
        String evaluator = evaluatorKey();
        Api.raw(evaluator).body("{\"indicators\": [{\"name\": \"目标\", \"weight\": 100, \"inputs\": {\"assessorScores\": [90, null]}}]}")
                .post("/api/v1/scoring/evaluations").then().statusCode(400)
                .body("errors.field", hasItem("indicators[0].inputs.assessorScores[1]"));
        Api.raw(evaluator).body("{\"indicators\": [], \"componentScores\": {\"public\": null}}")
                .post("/api/v1/scoring/evaluations").then().statusCode(400)
                .body("errors.field", hasItem("componentScores.public"));
    }

    /**
     * The proof of the issue: the fixture plan scored from entries stored through the API gives exactly what the
     * stateless resource gives for the same tree and inputs, with a bounded number of SQL statements.
     */
    @Test
    void storedEntriesScoreLikeTheStatelessEngine() throws Exception {
        UUID unit = newUnit("泉州市晋江生态环境局");
        UUID office = newUnit("晋江市绩效办");
        UUID planId = newPlan(jinjiangPlan(unit, 2021));
        String evaluator = evaluatorKey();
        List<UUID> assessors = List.of(newPerson("林静", office), newPerson("陈伟", office));
        List<String> keys = new ArrayList<>();
        for (UUID person : assessors) {
            Api.withKey(evaluator).body(Api.map("personId", person)).post("/api/v1/plans/" + planId + "/assessors")
                    .then().statusCode(201);
            keys.add(assessorKey(person));
        }
        ObjectNode tree = (ObjectNode) json(Api.withKey(evaluator).get("/api/v1/plans/" + planId + "/indicators").asString());
        List<ObjectNode> leaves = new ArrayList<>();
        collectLeaves((ArrayNode) tree.get("indicators"), leaves);
        assertEquals(54, leaves.size());
        setStatus(planId, PlanStatus.EVALUATION);
        for (int i = 0; i < leaves.size(); i++) {
            ObjectNode leaf = leaves.get(i);
            BigDecimal w = leaf.get("weight").decimalValue();
            List<BigDecimal> scores = List.of(w, w.multiply(BigDecimal.valueOf(5 + i % 5, 1)).setScale(2, java.math.RoundingMode.HALF_UP));
            for (int a = 0; a < assessors.size(); a++) {
                Api.withKey(keys.get(a)).body(Api.map("score", scores.get(a)))
                        .put("/api/v1/plans/" + planId + "/indicators/" + leaf.get("id").asText() + "/assessments/" + assessors.get(a))
                        .then().statusCode(201);
            }
            leaf.set("inputs", JSON.valueToTree(Map.of("assessorScores", scores)));
        }
        Api.withKey(evaluator).body(Api.map("kind", "BONUS", "points", 1, "reason", "获评省级生态文明建设示范区"))
                .post("/api/v1/plans/" + planId + "/adjustments").then().statusCode(201);
        Api.withKey(evaluator).body(Api.map("kind", "DEDUCTION", "points", 0.5, "reason", "信访件办理超时"))
                .post("/api/v1/plans/" + planId + "/adjustments").then().statusCode(201);

        Statistics statistics = statistics();
        JsonNode stored = json(Api.withKey(evaluator).get("/api/v1/plans/" + planId + "/score").then().statusCode(200)
                .body("complete", equalTo(true)).extract().asString());
        long statements = statistics.getPrepareStatementCount();

        JsonNode plan = json(Api.withKey(evaluator).get("/api/v1/plans/" + planId).asString());
        Map<String, Object> request = Map.of("scoringRules", plan.get("scoringRules"), "indicators", tree.get("indicators"),
                "adjustments", List.of(Map.of("kind", "BONUS", "points", 1, "reason", "加分"),
                        Map.of("kind", "DEDUCTION", "points", 0.5, "reason", "扣分")));
        JsonNode stateless = json(Api.withKey(evaluator).body(JSON.writeValueAsString(request))
                .post("/api/v1/scoring/evaluations").then().statusCode(200).extract().asString());
        // a stored plan's score also lists the items it counts, with their reasons
        assertEquals("[获评省级生态文明建设示范区, 信访件办理超时]", stored.get("adjustments").findValuesAsText("reason").toString());
        ((ObjectNode) stored).remove(List.of("planId", "adjustments"));
        assertSameJson(stateless, stored);
        assertTrue(stored.get("finalScore").decimalValue().compareTo(new BigDecimal("60")) > 0);

        // the same statements for a one-leaf plan without entries: the count does not grow with the tree
        UUID small = newPlan("{\"title\": \"小\", \"year\": 2021, \"unitId\": \"" + newUnit("小单位")
                + "\", \"indicators\": [{\"name\": \"唯一目标\", \"weight\": 100}]}");
        String onlyLeaf = Api.withKey(evaluator).get("/api/v1/plans/" + small + "/indicators").then().extract()
                .path("indicators[0].id");
        statistics = statistics();
        Api.withKey(evaluator).get("/api/v1/plans/" + small + "/score").then().statusCode(200)
                .body("complete", equalTo(false)).body("unscored", contains(onlyLeaf));
        assertEquals(statistics.getPrepareStatementCount(), statements, "statements for 54 leaves vs 1 leaf");
        assertTrue(statements <= 8, "statements: " + statements);
    }

    private static void collectLeaves(ArrayNode nodes, List<ObjectNode> leaves) {
        for (JsonNode n : nodes) {
            if (n.has("children")) {
                collectLeaves((ArrayNode) n.get("children"), leaves);
            } else {
                leaves.add((ObjectNode) n);
            }
        }
    }
}

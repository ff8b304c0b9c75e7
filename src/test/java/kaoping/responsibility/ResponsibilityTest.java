package kaoping.responsibility;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import kaoping.support.Api;
import kaoping.support.ApiTest;

@QuarkusTest
class ResponsibilityTest extends ApiTest {

    private static UUID department(String name, String kind, UUID unit) {
        return UUID.fromString(Api.admin().body(Api.map("name", name, "kind", kind, "parentId", unit))
                .post("/api/v1/units").then().statusCode(201).extract().path("id"));
    }

    private static Map<String, String> leavesByCode(String key, UUID plan) throws Exception {
        JsonNode tree = new ObjectMapper().readTree(Api.withKey(key).get("/api/v1/plans/" + plan + "/indicators").asString());
        Map<String, String> ids = new HashMap<>();
        collect(tree.get("indicators"), ids);
        return ids;
    }

    private static void collect(JsonNode nodes, Map<String, String> ids) {
        nodes.forEach(n -> {
            ids.put(n.get("code").asText(), n.get("id").asText());
            if (n.has("children")) {
                collect(n.get("children"), ids);
            }
        });
    }

    private static Map<String, Object> entry(String role, String responsibility, String field, Object value) {
        return Api.map("role", role, "responsibility", responsibility, field, value);
    }

    @Test
    void targetsCarryLeadersDepartmentsAndPersonsAndTheMatrixAddsThemUp() throws Exception {
        UUID unit = newUnit("泉州市晋江生态环境局");
        Map<String, UUID> d = new HashMap<>();
        for (String name : List.of("审批科", "污防科")) {
            d.put(name, department(name, "DEPARTMENT", unit));
        }
        for (String name : List.of("监测站", "信息中心")) {
            d.put(name, department(name, "DIRECT_UNIT", unit));
        }
        Map<String, UUID> p = new HashMap<>();
        for (String name : List.of("陈志强", "王丽华", "张海涛", "孙燕", "吴磊", "马超", "许杰")) {
            p.put(name, newPerson(name, unit));
        }
        String editor = evaluatorKey();
        UUID plan = newPlan(jinjiangPlan(unit, 2021));
        Map<String, String> ids = leavesByCode(editor, plan);
        String b = "/api/v1/plans/" + plan + "/indicators/" + ids.get("1-9 b") + "/assignments";
        String a = "/api/v1/plans/" + plan + "/indicators/" + ids.get("1-9 a") + "/assignments";

        // target 1-9's second line as published: 3 leaders, 4 departments, 4 persons; the first of each leads
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        List.of("陈志强", "王丽华", "张海涛").forEach(n -> items.add(entry("LEADER", items.isEmpty() ? "LEAD" : "SUPPORT", "personId", p.get(n))));
        List.of("审批科", "污防科", "监测站", "信息中心").forEach(n -> items.add(entry("DEPARTMENT", n.equals("审批科") ? "LEAD" : "SUPPORT", "departmentId", d.get(n))));
        List.of("孙燕", "吴磊", "马超", "许杰").forEach(n -> items.add(entry("PERSON", n.equals("孙燕") ? "LEAD" : "SUPPORT", "personId", p.get(n))));
        Api.withKey(editor).body(Api.map("items", items)).put(b).then().statusCode(428);
        Api.withKey(newKey(Set.of("UNIT_COORDINATOR"), newUnit("晋江市财政局"))).header("If-Match", "\"0\"")
                .body(Api.map("items", items)).put(b).then().statusCode(404);
        Api.withKey(editor).header("If-Match", "\"0\"").body(Api.map("items", items)).put(b).then().statusCode(200)
                .header("ETag", "\"1\"").body("items", hasSize(11))
                .body("items.name", contains("陈志强", "王丽华", "张海涛", "审批科", "污防科", "监测站", "信息中心", "孙燕", "吴磊", "马超", "许杰"));
        Api.withKey(editor).get(b).then().statusCode(200).header("ETag", "\"1\"").body("items.role", hasItem("DEPARTMENT"));

        // wrong entries are named
        UUID stranger = newPerson("外单位人员", newUnit("晋江市教育局"));
        Api.withKey(editor).header("If-Match", "\"0\"").body(Api.map("items", List.of(Api.map("role", "LEADER",
                "responsibility", "LEAD", "personId", stranger)))).put(a).then().statusCode(422)
                .body("errors.field", contains("items[0].personId"));
        Api.withKey(editor).header("If-Match", "\"0\"").body(Api.map("items", List.of(
                entry("DEPARTMENT", "LEAD", "departmentId", unit),
                entry("LEADER", "LEAD", "collective", "ALL_DEPARTMENTS"),
                entry("PERSON", "LEAD", "departmentId", d.get("污防科")),
                entry("PERSON", "LEAD", "personId", p.get("吴磊")),
                entry("PERSON", "SUPPORT", "personId", p.get("吴磊"))))).put(a).then().statusCode(422)
                .body("errors.field", contains("items[0].departmentId", "items[1].collective", "items[2].departmentId", "items[4]"));

        // the published collective entries, beside named ones
        Api.withKey(editor).header("If-Match", "\"0\"").body(Api.map("items", List.of(
                entry("DEPARTMENT", "LEAD", "departmentId", d.get("污防科")),
                entry("DEPARTMENT", "SUPPORT", "collective", "ALL_DEPARTMENTS"),
                entry("PERSON", "LEAD", "personId", p.get("吴磊")),
                entry("PERSON", "SUPPORT", "collective", "ALL_DEPARTMENT_HEADS")))).put(a).then().statusCode(200)
                .body("items.name", contains("污防科", "各科室、直属各单位", "吴磊", "各科室、直属各单位负责人"));

        Api.withKey(editor).get("/api/v1/plans/" + plan + "/indicators/" + ids.get("1-9")).then()
                .body("children[1].assignments", hasSize(11)).body("children[0].assignments[1].collective", equalTo("ALL_DEPARTMENTS"));

        var matrix = Api.withKey(editor).get("/api/v1/plans/" + plan + "/responsibility-matrix").then().statusCode(200)
                .body("unassigned", hasSize(52)).body("unassigned[0].missing", contains("DEPARTMENT", "PERSON"))
                .body("collective[0].collective", equalTo("ALL_DEPARTMENT_HEADS")).body("collective[0].targets", hasSize(1))
                .extract().jsonPath();
        Map<String, Object> wu = matrix.getMap("people.find { it.name == '吴磊' }");
        org.junit.jupiter.api.Assertions.assertEquals(Map.of("targets", 1, "points", 2), wu.get("lead"));
        org.junit.jupiter.api.Assertions.assertEquals(Map.of("targets", 1, "points", 2), wu.get("support"));
        // 污防科 leads 1-9 a (not counted again for "every department") and supports 1-9 b
        Map<String, Object> wufang = matrix.getMap("departments.find { it.name == '污防科' }");
        org.junit.jupiter.api.Assertions.assertEquals(Map.of("targets", 1, "points", 2), wufang.get("lead"));
        org.junit.jupiter.api.Assertions.assertEquals(Map.of("targets", 1, "points", 2), wufang.get("support"));
        // 监测站 supports 1-9 b by name and 1-9 a as one of "every department"
        Map<String, Object> monitor = matrix.getMap("departments.find { it.name == '监测站' }");
        org.junit.jupiter.api.Assertions.assertEquals(Map.of("targets", 2, "points", 4), monitor.get("support"));

        Api.withKey(editor).get("/api/v1/people/" + p.get("吴磊") + "/assignments").then().statusCode(200)
                .body("total", equalTo(2)).body("items.code", contains("1-9 a", "1-9 b"))
                .body("items.responsibility", contains("LEAD", "SUPPORT"));
        Api.withKey(editor).get("/api/v1/people/" + p.get("吴磊") + "/assignments?year=2020").then().body("total", equalTo(0));
        Api.withKey(editor).get("/api/v1/people/" + UUID.randomUUID() + "/assignments").then().statusCode(404);
    }

    @Test
    void assignmentsComeInlineOnlyWithANewPlan() {
        UUID unit = newUnit("晋江市统计局");
        String key = evaluatorKey();
        String plan = Api.raw(key).body("""
                {"title": "考评表", "year": 2021, "unitId": "%s", "indicators": [{"name": "目标", "weight": 100,
                 "assignments": [{"role": "DEPARTMENT", "responsibility": "LEAD", "collective": "ALL_DEPARTMENTS"}]}]}
                """.formatted(unit)).post("/api/v1/plans").then().statusCode(201).extract().path("id");
        Api.withKey(key).get("/api/v1/plans/" + plan + "/indicators").then().statusCode(200)
                .body("indicators[0].assignments.name", hasItem("各科室、直属各单位"));
        // a node added later gets who answers for it through PUT .../assignments, not inline
        Api.withKey(key).body(Api.map("name", "新目标", "weight", 0, "assignments", List.of(Api.map("role", "DEPARTMENT",
                "responsibility", "LEAD", "collective", "ALL_DEPARTMENTS")))).post("/api/v1/plans/" + plan + "/indicators")
                .then().statusCode(400).body("errors.field", hasItem("assignments"));
    }
}

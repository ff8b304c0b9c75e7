package kaoping.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.BiFunction;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.swagger.v3.parser.OpenAPIV3Parser;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;

/**
 * Every operation of the contract × every role × a target of the caller's own unit and of another unit, with the
 * status each must get. Allowed calls are chosen so that they pass the access checks and then stop at a rule of the
 * data (409, 428 …) or change nothing that later rows read; 403 is a role the operation is not for, 404 a row the
 * caller may not see. An operation added to the contract without its row here fails the test.
 */
@QuarkusTest
class AccessMatrixTest extends ApiTest {
    private static final List<String> ROLES = List.of("ADMIN", "EVALUATOR", "ASSESSOR", "UNIT_COORDINATOR", "RESPONSIBLE", "AUDITOR");
    /** A plan's rows read by anyone who sees the plan; AUDITOR reads only the audit trail. */
    private static final String READ = "200 200 | 200 200 | 200 404 | 200 404 | 200 404 | 403 403";
    /** The tree while the plan is under evaluation: frozen for its editors, forbidden to the others. */
    private static final String FROZEN = "403 403 | 409 409 | 403 403 | 409 404 | 403 403 | 403 403";
    /** Webhooks are an ADMIN's, or an EVALUATOR's own: the other roles' cells. */
    private static final String NOT_WEBHOOKS = " | 403 403 | 403 403 | 403 403 | 403 403";
    private static final String NO_WEBHOOK = "00000000-0000-4000-8000-000000000015";
    /** A reporting period no plan has: the plan's readers get 404, as for a period of a plan they may not see. */
    private static final String NO_PERIOD = "00000000-0000-4000-8000-000000000016";
    private static final String NO_PERIOD_READ = "404 404 | 404 404 | 404 404 | 404 404 | 404 404 | 403 403";
    private static final String EVALUATOR_404 = "403 403 | 404 404 | 403 403 | 403 403 | 403 403 | 403 403";
    private static final String ADMIN_ONLY_428 = "428 428 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403";

    /** One side of the world: a unit with its plan under evaluation and everything hanging on it. */
    private record Side(Map<String, String> ids) {
        String path(String template) {
            String path = template;
            for (var id : ids.entrySet()) {
                path = path.replace("{" + id.getKey() + "}", id.getValue());
            }
            return "/api/v1" + path;
        }
    }

    /** How an operation is called: a request of the given caller on one side. */
    private record Row(String operationId, BiFunction<RequestSpecification, Side, Response> call, String expected) {
    }

    private final Map<String, String> keys = new HashMap<>();
    private String evaluator;

    @BeforeEach
    void evaluator() {
        evaluator = evaluatorKey();
    }

    @Test
    void everyOperationGivesEachRoleTheStatusItShould() {
        Side own = side("晋江市民政局", "蔡明");
        Side foreign = side("晋江市商务局", "郑海");
        UUID assessorPerson = UUID.fromString(own.ids().get("assessor"));
        keys.put("ADMIN", newKey(Set.of("ADMIN"), null));
        keys.put("EVALUATOR", evaluator);
        keys.put("ASSESSOR", assessorKey(assessorPerson));
        keys.put("UNIT_COORDINATOR", own.ids().get("coordinatorKey"));
        keys.put("RESPONSIBLE", own.ids().get("responsibleKey"));
        keys.put("AUDITOR", newKey(Set.of("AUDITOR"), null));

        List<Row> rows = rows();
        Set<String> contract = new TreeSet<>();
        new OpenAPIV3Parser().read("openapi/openapi.yaml").getPaths().values()
                .forEach(p -> p.readOperations().forEach(o -> contract.add(o.getOperationId())));
        Set<String> covered = new TreeSet<>(rows.stream().map(Row::operationId).toList());
        assertEquals(contract, covered, "every operation of the contract has its row, and only those");

        List<String> wrong = new ArrayList<>();
        for (Row row : rows) {
            String[] cells = row.expected().split("\\|");
            for (int r = 0; r < ROLES.size(); r++) {
                String[] codes = cells[r].trim().split(" ");
                for (int s = 0; s < 2; s++) {
                    Side side = s == 0 ? own : foreign;
                    String cell = row.operationId() + " as " + ROLES.get(r) + " on the " + (s == 0 ? "own" : "foreign") + " side: ";
                    try {
                        int status = row.call().apply(Api.raw(keys.get(ROLES.get(r))), side).statusCode();
                        if (status != Integer.parseInt(codes[s])) {
                            wrong.add(cell + status + ", expected " + codes[s]);
                        }
                    } catch (OpenApiValidationFilter.OpenApiValidationException e) {
                        wrong.add(cell + "the answer breaks the contract: " + e.getMessage());
                    }
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " cells differ:\n" + String.join("\n", wrong));
    }

    @Test
    void listsLeaveOutWhatTheCallerMayNotSee() {
        Side own = side("晋江市文旅局", "林涛");
        Side foreign = side("晋江市体育局", "黄磊");
        String coordinator = own.ids().get("coordinatorKey");
        List<String> plans = Api.withKey(coordinator).get("/api/v1/plans?size=200").then().statusCode(200).extract().path("items.id");
        assertEquals(List.of(own.ids().get("plan")), plans);
        List<String> assessed = Api.withKey(assessorKey(UUID.fromString(own.ids().get("assessor")))).get("/api/v1/plans?size=200")
                .then().extract().path("items.id");
        assertEquals(List.of(own.ids().get("plan")), assessed);
        List<String> units = Api.withKey(coordinator).get("/api/v1/units?size=200").then().extract().path("items.id");
        assertTrue(units.contains(own.ids().get("unit")) && !units.contains(foreign.ids().get("unit")), units.toString());
        List<String> people = Api.withKey(own.ids().get("responsibleKey")).get("/api/v1/people?size=200").then().extract().path("items.id");
        assertTrue(people.contains(own.ids().get("person")) && !people.contains(foreign.ids().get("person")), people.toString());
        List<String> all = Api.withKey(evaluator).get("/api/v1/plans?size=200&unitId=" + foreign.ids().get("unit")).then()
                .extract().path("items.id");
        assertEquals(List.of(foreign.ids().get("plan")), all);
    }

    /** A unit with a plan taken through its cycle to EVALUATION by the API, with one of each thing on it. */
    private Side side(String unitName, String personName) {
        Map<String, String> ids = new LinkedHashMap<>();
        UUID unit = newUnit(unitName);
        ids.put("unit", unit.toString());
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        ids.put("coordinatorKey", coordinator);
        UUID person = newPerson(personName, unit);
        ids.put("person", person.toString());
        ids.put("responsibleKey", Api.admin().body(Api.map("name", personName, "roles", Set.of("RESPONSIBLE"), "unitId", unit,
                "personId", person)).post("/api/v1/api-keys").then().statusCode(201).extract().path("key"));
        ids.put("apiKey", Api.admin().body(Api.map("name", "用完即弃", "roles", Set.of("EVALUATOR")))
                .post("/api/v1/api-keys").then().statusCode(201).extract().path("id"));
        String plan = Api.withKey(coordinator).body(Api.map("title", unitName + "考评表", "year", 2021, "unitId", unit,
                "indicators", List.of(Api.map("code", "1", "name", "重点工作", "weight", 60),
                        Api.map("code", "2", "name", "共性工作", "weight", 40)))).post("/api/v1/plans").then().statusCode(201)
                .extract().path("id");
        ids.put("plan", plan);
        String base = "/api/v1/plans/" + plan;
        List<String> leaves = Api.withKey(coordinator).get(base + "/indicators").then().extract().path("indicators.id");
        ids.put("leaf", leaves.get(0));
        for (String leaf : leaves) {
            Api.withKey(coordinator).header("If-Match", "\"0\"").body(Api.map("items", List.of(Api.map("role", "PERSON",
                    "responsibility", "LEAD", "personId", person)))).put(base + "/indicators/" + leaf + "/assignments")
                    .then().statusCode(200);
        }
        step(coordinator, base, "SUBMIT");
        step(evaluator, base, "APPROVE");
        String cr = Api.withKey(coordinator).body(Api.map("reason", "补充说明", "changes", List.of(Api.map("action", "UPDATE",
                "indicatorId", leaves.get(0), "patch", Api.map("description", "说明"))))).post(base + "/change-requests")
                .then().statusCode(201).extract().path("id");
        Api.withKey(evaluator).body(Api.map("decision", "REJECT")).post(base + "/change-requests/" + cr + "/decision")
                .then().statusCode(200);
        ids.put("cr", cr);
        step(evaluator, base, "PUBLISH");
        ids.put("progress", Api.withKey(coordinator).body(Api.map("reportedOn", "2021-06-30", "narrative", "推进中"))
                .post(base + "/indicators/" + leaves.get(0) + "/progress").then().statusCode(201).extract().path("id"));
        for (String name : List.of("evidence", "spareEvidence")) {
            ids.put(name, new Multipart().file("file", name + ".txt", name.getBytes(StandardCharsets.UTF_8)).request(coordinator)
                    .post(base + "/indicators/" + leaves.get(0) + "/evidence").then().statusCode(201).extract().path("id"));
        }
        step(evaluator, base, "OPEN_SELF_ASSESSMENT");
        Api.withKey(coordinator).body(Api.map("score", 50)).put(base + "/indicators/" + leaves.get(0) + "/self-assessment")
                .then().statusCode(201);
        step(evaluator, base, "OPEN_EVALUATION");
        UUID assessor = newPerson("评分人" + personName, newUnit("考评组"));
        ids.put("assessor", assessor.toString());
        Api.withKey(evaluator).body(Api.map("personId", assessor)).post(base + "/assessors").then().statusCode(201);
        Api.withKey(assessorKey(assessor)).body(Api.map("score", 55)).put(base + "/indicators/" + leaves.get(0)
                + "/assessments/" + assessor).then().statusCode(201);
        for (String name : List.of("adjustment", "spareAdjustment")) {
            ids.put(name, Api.withKey(evaluator).body(Api.map("kind", "BONUS", "points", 1, "reason", "示范创建"))
                    .post(base + "/adjustments").then().statusCode(201).extract().path("id"));
        }
        String inspection = Api.withKey(evaluator).body(Api.map("planId", plan, "kind", "SPOT_CHECK", "title", "抽查",
                "inspectedOn", "2021-06-15", "findings", List.of(Api.map("title", "台账不全", "severity", "MINOR",
                        "ownerPersonId", person, "deadline", "2021-06-30")))).post("/api/v1/inspections").then().statusCode(201)
                .extract().path("id");
        ids.put("inspection", inspection);
        ids.put("finding", Api.withKey(evaluator).get("/api/v1/inspections/" + inspection).then().extract()
                .path("findings[0].id"));
        return new Side(ids);
    }

    private static void step(String key, String plan, String action) {
        Api.withKey(key).body(Api.map("action", action)).post(plan + "/transitions").then().statusCode(200);
    }

    private static Row get(String operationId, String path, String expected) {
        return new Row(operationId, (r, side) -> r.get(side.path(path)), expected);
    }

    private static Row send(String operationId, String method, String path, Object body, String expected) {
        return new Row(operationId, (r, side) -> r.body(body == null ? Map.of() : body).request(method, side.path(path)), expected);
    }

    private static Row patch(String operationId, String path, String expected) {
        return new Row(operationId, (r, side) -> r.contentType("application/merge-patch+json").body(Map.of("name", "改"))
                .patch(side.path(path)), expected);
    }

    private static Row delete(String operationId, String path, String expected) {
        return new Row(operationId, (r, side) -> r.delete(side.path(path)), expected);
    }

    private static Row upload(String operationId, String path, String expected) {
        return new Row(operationId, (r, side) -> new Multipart().file("file", "补充.txt", "补充".getBytes(StandardCharsets.UTF_8))
                .on(r.header("Accept", "application/json")).post(side.path(path)), expected);
    }

    private List<Row> rows() {
        Map<String, Object> noSuchNode = Map.of("reason", "调整", "changes", List.of(Map.of("action", "REMOVE", "indicatorId",
                UUID.randomUUID().toString())));
        return List.of(
                get("listUnits", "/units", "200 200 | 200 200 | 200 200 | 200 200 | 200 200 | 403 403"),
                send("createUnit", "POST", "/units", Map.of("name", "新单位", "kind", "UNIT"),
                        "201 201 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("getUnit", "/units/{unit}", "200 200 | 200 200 | 200 200 | 200 404 | 200 404 | 403 403"),
                patch("updateUnit", "/units/{unit}", ADMIN_ONLY_428),
                delete("deleteUnit", "/units/{unit}", "409 409 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("listPeople", "/people", "200 200 | 200 200 | 200 200 | 200 200 | 200 200 | 403 403"),
                send("createPerson", "POST", "/people", null, "400 400 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("getPerson", "/people/{person}", "200 200 | 200 200 | 200 200 | 200 404 | 200 404 | 403 403"),
                patch("updatePerson", "/people/{person}", ADMIN_ONLY_428),
                delete("deletePerson", "/people/{person}", "409 409 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("listApiKeys", "/api-keys", "200 200 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403"),
                send("createApiKey", "POST", "/api-keys", null, "400 400 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("getApiKey", "/api-keys/{apiKey}", "200 200 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403"),
                delete("revokeApiKey", "/api-keys/{apiKey}", "204 204 | 403 403 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("listPlans", "/plans", "200 200 | 200 200 | 200 200 | 200 200 | 200 200 | 403 403"),
                new Row("createPlan", (r, side) -> r.body(Map.of("title", "重复", "year", 2021, "unitId", side.ids().get("unit")))
                        .post("/api/v1/plans"), "403 403 | 409 409 | 403 403 | 409 403 | 403 403 | 403 403"),
                get("getPlan", "/plans/{plan}", READ),
                patch("updatePlan", "/plans/{plan}", FROZEN),
                delete("deletePlan", "/plans/{plan}", FROZEN),
                get("getIndicatorTree", "/plans/{plan}/indicators", READ),
                send("replaceIndicatorTree", "PUT", "/plans/{plan}/indicators", Map.of("indicators", List.of(Map.of("name", "全部",
                        "weight", 100))), FROZEN),
                send("addIndicator", "POST", "/plans/{plan}/indicators", Map.of("name", "新增", "weight", 0), FROZEN),
                get("getIndicator", "/plans/{plan}/indicators/{leaf}", READ),
                patch("updateIndicator", "/plans/{plan}/indicators/{leaf}", FROZEN),
                delete("deleteIndicator", "/plans/{plan}/indicators/{leaf}", FROZEN),
                send("moveIndicator", "POST", "/plans/{plan}/indicators/{leaf}/move", Map.of("position", 1), FROZEN),
                send("evaluateScoring", "POST", "/scoring/evaluations", Map.of("indicators", List.of(Map.of("name", "目标", "weight", 100,
                        "inputs", Map.of("assessorScores", List.of(90))))), "200 200 | 200 200 | 200 200 | 200 200 | 200 200 | 403 403"),
                get("getPlanScore", "/plans/{plan}/score", READ),
                get("getRankings", "/rankings?year=2021&series=矩阵测试系列", "200 200 | 200 200 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("listAssessors", "/plans/{plan}/assessors", "200 200 | 200 200 | 200 404 | 403 403 | 403 403 | 403 403"),
                send("addAssessor", "POST", "/plans/{plan}/assessors", null, "403 403 | 400 400 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("getAssessor", "/plans/{plan}/assessors/{assessor}", "200 200 | 200 200 | 200 404 | 403 403 | 403 403 | 403 403"),
                delete("removeAssessor", "/plans/{plan}/assessors/{assessor}", "403 403 | 409 409 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("listAssessments", "/plans/{plan}/assessments", "403 403 | 200 200 | 200 404 | 403 403 | 403 403 | 403 403"),
                get("getAssessment", "/plans/{plan}/indicators/{leaf}/assessments/{assessor}",
                        "403 403 | 200 200 | 200 404 | 403 403 | 403 403 | 403 403"),
                send("putAssessment", "PUT", "/plans/{plan}/indicators/{leaf}/assessments/{assessor}", Map.of("score", 56),
                        "403 403 | 403 403 | 428 404 | 403 403 | 403 403 | 403 403"),
                get("getSelfAssessment", "/plans/{plan}/indicators/{leaf}/self-assessment", READ),
                send("putSelfAssessment", "PUT", "/plans/{plan}/indicators/{leaf}/self-assessment", Map.of("score", 51),
                        "403 403 | 403 403 | 403 403 | 409 404 | 409 404 | 403 403"),
                get("listProgress", "/plans/{plan}/indicators/{leaf}/progress", READ),
                send("addProgress", "POST", "/plans/{plan}/indicators/{leaf}/progress", Map.of("reportedOn", "2021-12-31",
                        "narrative", "完成"), "403 403 | 403 403 | 403 403 | 201 404 | 201 404 | 403 403"),
                get("getProgress", "/plans/{plan}/indicators/{leaf}/progress/{progress}", READ),
                get("listAdjustments", "/plans/{plan}/adjustments", READ),
                send("addAdjustment", "POST", "/plans/{plan}/adjustments", Map.of("kind", "VETO", "points", 1, "reason", "否决"),
                        "403 403 | 422 422 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("getAdjustment", "/plans/{plan}/adjustments/{adjustment}", READ),
                delete("deleteAdjustment", "/plans/{plan}/adjustments/{spareAdjustment}",
                        "403 403 | 204 204 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("getComponentScores", "/plans/{plan}/component-scores", READ),
                send("putComponentScores", "PUT", "/plans/{plan}/component-scores", Map.of("scores", Map.of()),
                        "403 403 | 428 428 | 403 403 | 403 403 | 403 403 | 403 403"),
                upload("uploadEvidence", "/plans/{plan}/indicators/{leaf}/evidence",
                        "403 403 | 403 403 | 403 403 | 201 404 | 201 404 | 403 403"),
                get("listIndicatorEvidence", "/plans/{plan}/indicators/{leaf}/evidence", READ),
                new Row("streamEvidence", (r, side) -> r.contentType("application/octet-stream").body("补充".getBytes(StandardCharsets.UTF_8))
                        .post(side.path("/plans/{plan}/indicators/{leaf}/evidence/stream?filename=补充.txt")),
                        "403 403 | 403 403 | 403 403 | 201 404 | 201 404 | 403 403"),
                get("listPlanEvidence", "/plans/{plan}/evidence", READ),
                get("getEvidenceSummary", "/plans/{plan}/evidence-summary", READ),
                get("getEvidence", "/evidence/{evidence}", READ),
                delete("deleteEvidence", "/evidence/{spareEvidence}", "403 403 | 403 403 | 403 403 | 204 404 | 403 404 | 403 403"),
                get("downloadEvidence", "/evidence/{evidence}/content", READ),
                new Row("headEvidence", (r, side) -> r.head(side.path("/evidence/{evidence}/content")), READ),
                send("reviewEvidence", "POST", "/evidence/{evidence}/review", Map.of("decision", "ACCEPTED"),
                        "403 403 | 428 428 | 428 404 | 403 403 | 403 403 | 403 403"),
                get("getAssignments", "/plans/{plan}/indicators/{leaf}/assignments", READ),
                send("putAssignments", "PUT", "/plans/{plan}/indicators/{leaf}/assignments", Map.of("items", List.of()),
                        "403 403 | 428 428 | 403 403 | 428 404 | 403 403 | 403 403"),
                get("getResponsibilityMatrix", "/plans/{plan}/responsibility-matrix", READ),
                get("listPersonAssignments", "/people/{person}/assignments", "200 200 | 200 200 | 403 403 | 200 404 | 200 404 | 403 403"),
                new Row("importPlan", (r, side) -> new Multipart().file("file", "考评表.csv", Api.resource("jinjiang-2021.csv")
                        .getBytes(StandardCharsets.UTF_8)).field("unitId", side.ids().get("unit")).field("year", "2031")
                        .field("dryRun", "true").on(r).post("/api/v1/plans/import"),
                        "403 403 | 200 200 | 403 403 | 200 403 | 403 403 | 403 403"),
                get("exportPlan", "/plans/{plan}/export?format=csv", READ),
                get("listPlanTransitions", "/plans/{plan}/transitions", READ),
                send("transitionPlan", "POST", "/plans/{plan}/transitions", Map.of("action", "RETURN", "comment", "退回"),
                        "403 403 | 409 409 | 403 403 | 403 404 | 403 403 | 403 403"),
                get("listChangeRequests", "/plans/{plan}/change-requests", READ),
                send("proposeChange", "POST", "/plans/{plan}/change-requests", noSuchNode,
                        "403 403 | 422 422 | 403 403 | 422 404 | 403 403 | 403 403"),
                get("getChangeRequest", "/plans/{plan}/change-requests/{cr}", READ),
                send("decideChangeRequest", "POST", "/plans/{plan}/change-requests/{cr}/decision", Map.of("decision", "APPROVE"),
                        "403 403 | 409 409 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("listPlanVersions", "/plans/{plan}/versions", READ),
                get("getPlanVersion", "/plans/{plan}/versions/1", READ),
                get("listAuditEvents", "/audit-events", "403 403 | 403 403 | 403 403 | 403 403 | 403 403 | 200 200"),
                get("listEvents", "/events", "200 200 | 200 200 | 200 200 | 200 200 | 200 200 | 403 403"),
                get("listWebhooks", "/webhooks", "200 200 | 200 200" + NOT_WEBHOOKS),
                send("createWebhook", "POST", "/webhooks", Map.of("url", "http://10.1.2.3/hook"),
                        "422 422 | 422 422" + NOT_WEBHOOKS),
                get("getWebhook", "/webhooks/" + NO_WEBHOOK, "404 404 | 404 404" + NOT_WEBHOOKS),
                delete("deleteWebhook", "/webhooks/" + NO_WEBHOOK, "404 404 | 404 404" + NOT_WEBHOOKS),
                new Row("rotateWebhookSecret", (r, side) -> r.post(side.path("/webhooks/" + NO_WEBHOOK + "/secret")),
                        "404 404 | 404 404" + NOT_WEBHOOKS),
                get("listWebhookAttempts", "/webhooks/" + NO_WEBHOOK + "/attempts", "404 404 | 404 404" + NOT_WEBHOOKS),
                send("redeliverWebhookEvents", "POST", "/webhooks/" + NO_WEBHOOK + "/redeliveries", Map.of("eventId", NO_WEBHOOK),
                        "404 404 | 404 404" + NOT_WEBHOOKS),
                get("getMe", "/me", "200 200 | 200 200 | 200 200 | 200 200 | 200 200 | 200 200"),
                get("listPlanProgress", "/plans/{plan}/progress", READ),
                get("listSelfAssessments", "/plans/{plan}/self-assessments", READ),
                get("listPeriods", "/plans/{plan}/periods", READ),
                send("createPeriods", "POST", "/plans/{plan}/periods", Map.of(),
                        "403 403 | 422 422 | 403 403 | 422 404 | 403 403 | 403 403"),
                get("getPeriodStatus", "/plans/{plan}/periods/" + NO_PERIOD + "/status", NO_PERIOD_READ),
                send("grantPeriodUnlock", "POST", "/plans/{plan}/periods/" + NO_PERIOD + "/unlocks",
                        Map.of("reason", "补报", "expiresAt", "2099-01-01T00:00:00+08:00"), EVALUATOR_404),
                get("listReminders", "/plans/{plan}/periods/" + NO_PERIOD + "/reminders", NO_PERIOD_READ),
                send("sendReminder", "POST", "/plans/{plan}/periods/" + NO_PERIOD + "/reminders", Map.of(), EVALUATOR_404),
                get("listStaleTargets", "/plans/{plan}/stale-targets", READ),
                get("getSeriesReportingStatus", "/reporting-status?year=2021&period=2021Q1",
                        "200 200 | 200 200 | 403 403 | 403 403 | 403 403 | 403 403"),
                send("createInspection", "POST", "/inspections", null,
                        "403 403 | 400 400 | 403 403 | 403 403 | 403 403 | 403 403"),
                get("getInspection", "/inspections/{inspection}", READ),
                get("listFindings", "/findings", "200 200 | 200 200 | 200 200 | 200 200 | 200 200 | 403 403"),
                get("getFinding", "/findings/{finding}", READ),
                send("stepFinding", "POST", "/findings/{finding}/steps", Map.of("action", "CLOSE"),
                        "403 403 | 409 409 | 403 403 | 409 404 | 409 404 | 403 403"),
                get("listFindingHistory", "/findings/{finding}/history", READ),
                get("exportRectificationLedger", "/rectification-ledger?format=csv",
                        "200 200 | 200 200 | 200 200 | 200 200 | 200 200 | 403 403"));
    }
}

package kaoping;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.hamcrest.CustomMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;

/**
 * The yearly cycle of two units as a front end walks it: every write is the call a form makes, and every screen is
 * read with ONE call whose answer alone is asserted to hold all the screen shows (names, not only ids; counts per
 * state; who answers for what). A screen that needed a second call to fill in would fail here.
 */
@QuarkusTest
class YearlyCycleScenarioTest extends ApiTest {
    private static final int YEAR = 2023;
    private static final String API = "/api/v1";

    /** What one evaluated unit has for the year: its keys, its people and its plan. */
    private record Unit(String name, UUID id, UUID department, UUID leader, UUID responsiblePerson, String coordinator,
                        String responsible) {
    }

    /** Admin screen: the unit, a department, its leader and responsible person, and the keys of its users. */
    private static Unit setUpUnit(String name, String series, String department) {
        UUID id = UUID.fromString(Api.admin().body(Api.map("name", name, "code", "U" + UUID.randomUUID().toString()
                .substring(0, 8), "kind", "UNIT", "series", series)).post(API + "/units").then().statusCode(201).extract().path("id"));
        UUID dept = UUID.fromString(Api.admin().body(Api.map("name", department, "kind", "DEPARTMENT", "parentId", id))
                .post(API + "/units").then().statusCode(201).extract().path("id"));
        UUID leader = newPerson(name.substring(3, 5) + "局长", id);
        UUID person = newPerson(name.substring(3, 5) + "专员", id);
        String responsible = Api.admin().body(Api.map("name", "责任人", "roles", Set.of("RESPONSIBLE"), "unitId", id,
                "personId", person)).post(API + "/api-keys").then().statusCode(201).extract().path("key");
        return new Unit(name, id, dept, leader, person, newKey(Set.of("UNIT_COORDINATOR"), id), responsible);
    }

    /** The plan form: the whole tree and who answers for each target, submitted as one POST. */
    private static String createPlan(Unit u, String series) {
        List<Map<String, Object>> lead = List.of(
                Api.map("role", "LEADER", "responsibility", "LEAD", "personId", u.leader()),
                Api.map("role", "DEPARTMENT", "responsibility", "LEAD", "departmentId", u.department()),
                Api.map("role", "PERSON", "responsibility", "LEAD", "personId", u.responsiblePerson()));
        return Api.withKey(u.coordinator()).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Api.map("title", YEAR + "年度" + u.name() + "绩效考评表", "year", YEAR, "unitId", u.id(), "series", series,
                        "indicators", List.of(
                                Api.map("code", "1", "name", "职能工作目标", "weight", 70, "children", List.of(
                                        Api.map("code", "1-1", "name", "实施20个治理项目", "weight", 40, "assignments", lead,
                                                "scoring", Api.map("method", "RATIO", "target", 20, "unit", "个")),
                                        Api.map("code", "1-2", "name", "重点改革任务", "weight", 30, "assignments", lead))),
                                Api.map("code", "2", "name", "行政能力目标", "weight", 30, "assignments", lead))))
                .post(API + "/plans").then().statusCode(201).body("status", equalTo("DRAFT"))
                .body("unit.name", equalTo(u.name())).extract().path("id");
    }

    private static void transition(String key, String plan, Map<String, Object> body, String status) {
        Api.withKey(key).body(body).post(API + "/plans/" + plan + "/transitions").then().statusCode(200)
                .body("status", equalTo(status));
    }

    /** The ids of a plan's targets by code, from the tree screen. */
    private static Map<String, String> targets(String key, String plan) {
        JsonPath tree = Api.withKey(key).get(API + "/plans/" + plan + "/indicators").then().statusCode(200).extract().jsonPath();
        return Map.of("1-1", tree.getString("indicators[0].children[0].id"), "1-2", tree.getString("indicators[0].children[1].id"),
                "2", tree.getString("indicators[1].id"));
    }

    private static String upload(Unit u, String plan, String target, String filename, String replaces) {
        Multipart form = new Multipart().file("file", filename, ("证明材料：" + filename).getBytes(StandardCharsets.UTF_8));
        if (replaces != null) {
            form.field("replaces", replaces);
        }
        return form.request(u.responsible()).post(API + "/plans/" + plan + "/indicators/" + target + "/evidence").then()
                .statusCode(201).extract().path("id");
    }

    private static void review(String key, String evidence, String decision, String reason) {
        Api.withKey(key).header("If-Match", "\"0\"").body(Api.map("decision", decision, "reason", reason))
                .post(API + "/evidence/" + evidence + "/review").then().statusCode(200).body("reviewStatus", equalTo(decision));
    }

    @Test
    void twoUnitsGoThroughTheYearOneCallPerScreen() {
        String series = "第二系列-" + UUID.randomUUID().toString().substring(0, 8);
        String evaluator = evaluatorKey();

        // --- admin: two units with their people and keys, and the evaluating office's two assessors
        Unit env = setUpUnit("晋江市生态环境局", series, "大气环境科");
        Unit water = setUpUnit("晋江市水利水电局", series, "工程建设科");
        UUID office = newUnit("晋江市绩效办");
        UUID lin = newPerson("林静", office);
        UUID chen = newPerson("陈伟", office);
        Map<UUID, String> assessorKeys = Map.of(lin, assessorKey(lin), chen, assessorKey(chen));

        // --- each unit's coordinator creates the plan with who answers for each target: one call, no PUT per target
        String envPlan = createPlan(env, series);
        String waterPlan = createPlan(water, series);
        Map<String, String> envTargets = targets(env.coordinator(), envPlan);
        Map<String, String> waterTargets = targets(water.coordinator(), waterPlan);

        // screen "plan tree": one read shows every target with its weight, scoring and the names of who answers for it
        Api.withKey(env.coordinator()).get(API + "/plans/" + envPlan + "/indicators").then().statusCode(200)
                .body("consistent", equalTo(true)).body("leafCount", equalTo(3))
                .body("indicators[0].children[0].scoring.method", equalTo("RATIO"))
                .body("indicators[0].children.assignments.name.flatten()", contains("生态局长", "大气环境科", "生态专员",
                        "生态局长", "大气环境科", "生态专员"))
                .body("indicators[1].assignments.name", contains("生态局长", "大气环境科", "生态专员"));
        // screen "my targets" of the responsible person: one read with plan title and target names
        Api.withKey(env.responsible()).get(API + "/people/" + env.responsiblePerson() + "/assignments").then().statusCode(200)
                .body("total", equalTo(3)).body("items.planTitle", everyItem(equalTo(YEAR + "年度晋江市生态环境局绩效考评表")))
                .body("items.name", containsInAnyOrder("实施20个治理项目", "重点改革任务", "行政能力目标"));

        // --- submitted; one returned with a reason, corrected and submitted again; approved and published
        transition(env.coordinator(), envPlan, Api.map("action", "SUBMIT"), "SUBMITTED");
        transition(water.coordinator(), waterPlan, Api.map("action", "SUBMIT"), "SUBMITTED");
        transition(evaluator, waterPlan, Api.map("action", "RETURN", "comment", "目标1-1的目标值偏低，请调整"), "RETURNED");
        // screen "plans of the year" (evaluator): one read names each plan's unit, status and, when returned, why
        JsonPath plans = Api.withKey(evaluator).get(API + "/plans?year=" + YEAR + "&series=" + series).then().statusCode(200)
                .body("total", equalTo(2)).body("items.unit.name", containsInAnyOrder("晋江市水利水电局", "晋江市生态环境局"))
                .extract().jsonPath();
        assertEquals(Map.of("unit", Map.of("id", water.id().toString(), "name", "晋江市水利水电局"), "status", "RETURNED",
                "returnReason", "目标1-1的目标值偏低，请调整"), plans.getMap("items.find { it.id == '" + waterPlan
                + "' }.subMap('unit', 'status', 'returnReason')"));
        assertEquals(Map.of("unit", Map.of("id", env.id().toString(), "name", "晋江市生态环境局"), "status", "SUBMITTED"),
                plans.getMap("items.find { it.id == '" + envPlan + "' }.subMap('unit', 'status', 'returnReason')"));
        // screen "my plan" (the returned unit's coordinator): the reason is on the plan itself
        Api.withKey(water.coordinator()).get(API + "/plans/" + waterPlan).then().statusCode(200)
                .body("status", equalTo("RETURNED")).body("returnReason", equalTo("目标1-1的目标值偏低，请调整"));
        String etag = Api.withKey(water.coordinator()).get(API + "/plans/" + waterPlan + "/indicators/" + waterTargets.get("1-1"))
                .then().extract().header("ETag");
        Api.withKey(water.coordinator()).contentType("application/merge-patch+json").header("If-Match", etag)
                .body(Api.map("scoring", Api.map("target", 25))).patch(API + "/plans/" + waterPlan + "/indicators/"
                        + waterTargets.get("1-1")).then().statusCode(200);
        transition(water.coordinator(), waterPlan, Api.map("action", "SUBMIT"), "SUBMITTED");
        for (String plan : List.of(envPlan, waterPlan)) {
            transition(evaluator, plan, Api.map("action", "APPROVE"), "APPROVED");
            transition(evaluator, plan, Api.map("action", "PUBLISH"), "PUBLISHED");
            for (UUID assessor : List.of(lin, chen)) {
                Api.withKey(evaluator).body(Api.map("personId", assessor)).post(API + "/plans/" + plan + "/assessors")
                        .then().statusCode(201);
            }
        }
        Api.withKey(water.coordinator()).get(API + "/plans/" + waterPlan).then().body("returnReason", nullValue());

        // --- progress through the year, by the responsible person
        for (String period : List.of("2023-06", "2023-12")) {
            Api.withKey(env.responsible()).body(Api.map("period", period, "reportedOn", period + "-30", "actual",
                    period.endsWith("06") ? 9 : 20)).post(API + "/plans/" + envPlan + "/indicators/" + envTargets.get("1-1")
                    + "/progress").then().statusCode(201);
        }
        Api.withKey(water.responsible()).body(Api.map("period", "2023-12", "reportedOn", "2023-12-30", "actual", 20))
                .post(API + "/plans/" + waterPlan + "/indicators/" + waterTargets.get("1-1") + "/progress").then().statusCode(201);
        Api.withKey(env.responsible()).body(Api.map("period", "2023-12", "reportedOn", "2023-12-31",
                "narrative", "改革任务全部完成")).post(API + "/plans/" + envPlan + "/indicators/" + envTargets.get("1-2")
                + "/progress").then().statusCode(201);
        // screen "progress of the plan": every target's reports, newest first, in one read
        Api.withKey(evaluator).get(API + "/plans/" + envPlan + "/progress").then().statusCode(200).body("total", equalTo(3))
                .body("items.indicatorId", contains(envTargets.get("1-2"), envTargets.get("1-1"), envTargets.get("1-1")))
                .body("items.period", contains("2023-12", "2023-12", "2023-06"))
                .body("items[0].narrative", equalTo("改革任务全部完成")).body("items[0].actual", nullValue())
                .body("items[1].actual", numberIs("20")).body("items[2].actual", numberIs("9"));

        // --- evidence: uploaded per target, reviewed; a returned file is answered by its replacement
        String returned = upload(env, envPlan, envTargets.get("1-1"), "项目验收报告.txt", null);
        String accepted = upload(env, envPlan, envTargets.get("1-2"), "改革方案.txt", null);
        upload(env, envPlan, envTargets.get("2"), "学习记录.txt", null);
        review(evaluator, returned, "RETURNED", "缺少盖章页");
        review(evaluator, accepted, "ACCEPTED", null);
        // screen "evidence overview" before the unit answers: per target what waits, what passed, what to redo
        Api.withKey(env.coordinator()).get(API + "/plans/" + envPlan + "/evidence-summary").then().statusCode(200)
                .body("leafCount", equalTo(3)).body("leavesWithEvidence", equalTo(3)).body("withoutEvidence", hasSize(0))
                .body("leaves.code", contains("1-1", "1-2", "2")).body("leaves.name", contains("实施20个治理项目", "重点改革任务", "行政能力目标"))
                .body("leaves.pending", contains(0, 0, 1)).body("leaves.accepted", contains(0, 1, 0))
                .body("leaves.returned", contains(1, 0, 0)).body("leaves.toReplace", contains(1, 0, 0));
        String replacement = upload(env, envPlan, envTargets.get("1-1"), "项目验收报告（盖章）.txt", returned);
        review(assessorKeys.get(lin), replacement, "ACCEPTED", null);
        // screen "returned files": each with its reason and the file that answered it
        Api.withKey(env.coordinator()).get(API + "/plans/" + envPlan + "/evidence?reviewStatus=RETURNED").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].id", equalTo(returned)).body("items[0].filename", equalTo("项目验收报告.txt"))
                .body("items[0].reviewReason", equalTo("缺少盖章页")).body("items[0].replacedBy", equalTo(replacement));
        Api.withKey(env.coordinator()).get(API + "/plans/" + envPlan + "/evidence-summary").then().statusCode(200)
                .body("leaves.files", contains(2, 1, 1)).body("leaves.pending", contains(0, 0, 1))
                .body("leaves.accepted", contains(1, 1, 0)).body("leaves.returned", contains(1, 0, 0))
                .body("leaves.toReplace", contains(0, 0, 0));

        // --- self-assessment by each unit
        for (String plan : List.of(envPlan, waterPlan)) {
            transition(evaluator, plan, Api.map("action", "OPEN_SELF_ASSESSMENT"), "SELF_ASSESSMENT");
        }
        Map<String, Integer> self = Map.of("1-1", 40, "1-2", 30, "2", 28);
        self.forEach((code, score) -> {
            Api.withKey(env.coordinator()).body(Api.map("score", score)).put(API + "/plans/" + envPlan + "/indicators/"
                    + envTargets.get(code) + "/self-assessment").then().statusCode(201);
            Api.withKey(water.coordinator()).body(Api.map("score", score - 5)).put(API + "/plans/" + waterPlan + "/indicators/"
                    + waterTargets.get(code) + "/self-assessment").then().statusCode(201);
        });
        // screen "self-assessment of the plan": every target's self score in one read
        JsonPath selfScreen = Api.withKey(evaluator).get(API + "/plans/" + envPlan + "/self-assessments").then()
                .statusCode(200).body("total", equalTo(3)).extract().jsonPath();
        self.forEach((code, score) -> assertThat(code, selfScreen.get("items.find { it.indicatorId == '"
                + envTargets.get(code) + "' }.score"), numberIs(score.toString())));

        // --- evaluation: each assessor scores the manual targets (1-1 is scored from its progress)
        for (String plan : List.of(envPlan, waterPlan)) {
            transition(evaluator, plan, Api.map("action", "OPEN_EVALUATION"), "EVALUATION");
        }
        Map<String, Map<String, List<Integer>>> scores = Map.of(envPlan, Map.of("1-2", List.of(30, 28), "2", List.of(30, 26)),
                waterPlan, Map.of("1-2", List.of(25, 25), "2", List.of(20, 22)));
        Map<String, Map<String, String>> ids = Map.of(envPlan, envTargets, waterPlan, waterTargets);
        scores.forEach((plan, byCode) -> byCode.forEach((code, two) -> {
            List<UUID> assessors = List.of(lin, chen);
            for (int a = 0; a < 2; a++) {
                Api.withKey(assessorKeys.get(assessors.get(a))).body(Api.map("score", two.get(a), "note", "评分说明"))
                        .put(API + "/plans/" + plan + "/indicators/" + ids.get(plan).get(code) + "/assessments/" + assessors.get(a))
                        .then().statusCode(201);
            }
        }));
        // screen "my scores" of an assessor: their own entries of the plan, and only theirs, in one read
        Api.withKey(assessorKeys.get(chen)).get(API + "/plans/" + envPlan + "/assessments").then().statusCode(200)
                .body("total", equalTo(2)).body("items.score", containsInAnyOrder(numberIs("28"), numberIs("26")));
        // screen "scores of a target" (evaluator): both assessors' entries of the target in one read
        Api.withKey(evaluator).get(API + "/plans/" + envPlan + "/assessments?indicatorId=" + envTargets.get("2")).then()
                .statusCode(200).body("total", equalTo(2)).body("items.score", containsInAnyOrder(numberIs("30"), numberIs("26")));

        // --- adjustments
        Api.withKey(evaluator).body(Api.map("kind", "BONUS", "points", 1, "reason", "获评省级生态文明建设示范区",
                "evidenceIds", List.of(replacement))).post(API + "/plans/" + envPlan + "/adjustments").then().statusCode(201);
        Api.withKey(evaluator).body(Api.map("kind", "DEDUCTION", "points", 0.5, "reason", "信访件办理超时"))
                .post(API + "/plans/" + waterPlan + "/adjustments").then().statusCode(201);
        // screen "adjustments of the plan": kind, points and reason in one read
        Api.withKey(evaluator).get(API + "/plans/" + waterPlan + "/adjustments").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].kind", equalTo("DEDUCTION")).body("items[0].reason", equalTo("信访件办理超时"));

        // --- the score screen of each plan, then both closed
        // environment: 1-1 40 (20 of 20) + 1-2 29 (mean of 30, 28) + 2 28 (mean of 30, 26) = 97, bonus 1 → 98
        // water: 1-1 32 (20 of 25: 40 × 0.8) + 1-2 25 + 2 21 = 78, deduction 0.5 → 77.5
        Api.withKey(evaluator).get(API + "/plans/" + envPlan + "/score").then().statusCode(200)
                .body("complete", equalTo(true)).body("breakdown.code", contains("1", "2"))
                .body("breakdown[0].children.code", contains("1-1", "1-2")).body("indicatorScore", numberIs("97"))
                .body("bonusApplied", numberIs("1")).body("finalScore", numberIs("98"));
        for (String plan : List.of(envPlan, waterPlan)) {
            transition(evaluator, plan, Api.map("action", "CLOSE"), "CLOSED");
        }

        // screen "rankings": both units, in order, named, with their final scores, in one read
        Api.withKey(evaluator).get(API + "/rankings?year=" + YEAR + "&series=" + series).then().statusCode(200)
                .body("items", hasSize(2)).body("items.rank", contains(1, 2))
                .body("items.unitName", contains("晋江市生态环境局", "晋江市水利水电局"))
                .body("items.planId", contains(envPlan, waterPlan)).body("items.status", contains("CLOSED", "CLOSED"))
                .body("items.complete", contains(true, true)).body("items.vetoed", contains(false, false))
                .body("items.finalScore", contains(numberIs("98"), numberIs("77.5")));
    }

    /** A JSON number by its value, whether it is written 98, 98.0 or 98.00 (read as Integer or Float). */
    private static Matcher<Object> numberIs(String value) {
        return new CustomMatcher<>("the number " + value) {
            @Override
            public boolean matches(Object actual) {
                return actual instanceof Number && new BigDecimal(actual.toString()).compareTo(new BigDecimal(value)) == 0;
            }
        };
    }
}

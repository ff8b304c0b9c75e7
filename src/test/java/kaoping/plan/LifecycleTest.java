package kaoping.plan;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;

/** The yearly cycle through the API: who takes each step, what it needs, what each status lets be written. */
@QuarkusTest
class LifecycleTest extends ApiTest {
    private UUID unit;
    private String coordinator;
    private String evaluator;
    private UUID planId;
    private String plan;
    private String first;
    private String second;

    /** A new two-target draft of a new unit for every test, made by the unit's coordinator. */
    @BeforeEach
    void draft() {
        unit = newUnit("晋江市水利局");
        coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        evaluator = evaluatorKey();
        planId = UUID.fromString(Api.withKey(coordinator).body("""
                {"title": "晋江市水利局2021年度绩效考评表", "year": 2021, "unitId": "%s", "indicators": [
                  {"code": "1", "name": "水利工程建设", "weight": 60},
                  {"code": "2", "name": "河长制工作", "weight": 40}]}""".formatted(unit))
                .post("/api/v1/plans").then().statusCode(201).extract().path("id"));
        plan = "/api/v1/plans/" + planId;
        first = leaf(0);
        second = leaf(1);
    }

    private String leaf(int index) {
        return Api.withKey(evaluator).get(plan + "/indicators").then().extract().path("indicators[" + index + "].id");
    }

    private ValidatableResponse transition(String key, Map<String, Object> body) {
        return Api.withKey(key).body(body).post(plan + "/transitions").then();
    }

    private void assign(String leafId, Map<String, Object> entry) {
        Api.withKey(coordinator).header("If-Match", etag(leafId)).body(Api.map("items", List.of(entry)))
                .put(plan + "/indicators/" + leafId + "/assignments").then().statusCode(200);
    }

    private ValidatableResponse patchWeight(String leafId, Object weight) {
        return Api.withKey(coordinator).contentType("application/merge-patch+json").header("If-Match", etag(leafId))
                .body(Api.map("weight", weight)).patch(plan + "/indicators/" + leafId).then();
    }

    private String etag(String leafId) {
        return Api.withKey(coordinator).get(plan + "/indicators/" + leafId).then().statusCode(200).extract().header("ETag");
    }

    @Test
    void aPlanGoesThroughItsYearAndEachStatusTakesOnlyItsOwnWrites() {
        // submitted by the unit's coordinator only, and only when it adds up and every target has someone responsible
        transition(evaluator, Api.map("action", "SUBMIT")).statusCode(403);
        patchWeight(second, 30).statusCode(200);
        transition(coordinator, Api.map("action", "SUBMIT")).statusCode(409)
                .body("type", equalTo("urn:kaoping:problem:transition-refused"))
                .body("errors.field", contains("indicators", "indicators/1", "indicators/2"))
                .body("errors.message", hasItem("no responsible department or person"));
        patchWeight(second, 40).statusCode(200);
        UUID department = UUID.fromString(Api.admin().body(Api.map("name", "工程建设科", "kind", "DEPARTMENT", "parentId", unit))
                .post("/api/v1/units").then().statusCode(201).extract().path("id"));
        assign(first, Api.map("role", "DEPARTMENT", "responsibility", "LEAD", "departmentId", department));
        transition(coordinator, Api.map("action", "SUBMIT")).statusCode(409).body("errors.field", contains("indicators/2"));
        assign(second, Api.map("role", "PERSON", "responsibility", "LEAD", "personId", newPerson("郑海", unit)));
        transition(coordinator, Api.map("action", "SUBMIT")).statusCode(200).body("status", equalTo("SUBMITTED"));

        // under review nothing changes; the evaluator returns it with a reason, and it is a draft again
        patchWeight(second, 40).statusCode(409);
        transition(evaluator, Api.map("action", "APPROVE")).statusCode(200).body("status", equalTo("APPROVED"));
        transition(evaluator, Api.map("action", "RETURN", "comment", "已批复")).statusCode(409)
                .body("errors.field", contains("status"));
    }

    @Test
    void aReturnNeedsAReasonAndTheUnitEditsAndSubmitsAgain() {
        readyToSubmit();
        transition(coordinator, Api.map("action", "SUBMIT")).statusCode(200);
        transition(coordinator, Api.map("action", "APPROVE")).statusCode(403);
        transition(evaluator, Api.map("action", "RETURN")).statusCode(422).body("errors.field", contains("comment"));
        transition(evaluator, Api.map("action", "RETURN", "comment", "目标2的权重偏低，请说明")).statusCode(200)
                .body("status", equalTo("RETURNED")).body("returnReason", equalTo("目标2的权重偏低，请说明"));
        // the unit's plan list says why, with the unit's name, in the one call of the list screen
        Api.withKey(coordinator).get("/api/v1/plans?unitId=" + unit).then().statusCode(200)
                .body("items[0].returnReason", equalTo("目标2的权重偏低，请说明"))
                .body("items[0].unit.id", equalTo(unit.toString())).body("items[0].unit.name", equalTo("晋江市水利局"));
        patchWeight(first, 50).statusCode(200);
        patchWeight(second, 50).statusCode(200);
        transition(coordinator, Api.map("action", "SUBMIT")).statusCode(200).body("returnReason", nullValue());
        Api.withKey(coordinator).get(plan).then().body("returnReason", nullValue());
        Api.withKey(coordinator).get(plan + "/transitions").then().statusCode(200).body("total", equalTo(3))
                .body("items.action", contains("SUBMIT", "RETURN", "SUBMIT"))
                .body("items[1].comment", equalTo("目标2的权重偏低，请说明")).body("items[1].to", equalTo("RETURNED"));
        // each step taken is an event for office systems, the refused ones are none; the unit's users see them
        Api.withKey(coordinator).queryParam("limit", 500).get("/api/v1/events").then().statusCode(200)
                .body("items.type", contains("kaoping.plan.submitted", "kaoping.plan.returned", "kaoping.plan.submitted"))
                .body("items[1].data.comment", equalTo("目标2的权重偏低，请说明")).body("items[1].planid", equalTo(planId.toString()))
                .body("items[1].unitid", equalTo(unit.toString())).body("items[1].subject", equalTo("plans/" + planId))
                .body("items[0].actor", startsWith("api-key:"));
        // another unit's coordinator sees none of them
        Api.withKey(newKey(Set.of("UNIT_COORDINATOR"), newUnit("晋江市林业局"))).queryParam("limit", 500)
                .get("/api/v1/events").then().statusCode(200).body("items", empty());
    }

    /** Assignments on both targets, so the plan can be submitted. */
    private void readyToSubmit() {
        assign(first, Api.map("role", "PERSON", "responsibility", "LEAD", "personId", newPerson("蔡明", unit)));
        assign(second, Api.map("role", "PERSON", "responsibility", "LEAD", "personId", newPerson("郑海", unit)));
    }

    private void approve() {
        readyToSubmit();
        transition(coordinator, Api.map("action", "SUBMIT")).statusCode(200);
        transition(evaluator, Api.map("action", "APPROVE")).statusCode(200);
    }

    @Test
    void anApprovedTreeChangesOnlyThroughApprovedChangeRequestsAndKeepsItsVersions() {
        approve();
        patchWeight(first, 70).statusCode(409).body("detail", containsString("change request"));
        Api.withKey(coordinator).body(Api.map("name", "新增目标", "weight", 0)).post(plan + "/indicators").then().statusCode(409);
        Api.withKey(coordinator).delete(plan + "/indicators/" + second).then().statusCode(409);
        Api.withKey(evaluator).get(plan + "/versions").then().statusCode(200).body("items.number", contains(1));

        // checked as a whole when proposed: the tree after the edits must add up
        Api.withKey(coordinator).body(Api.map("reason", "调整", "changes", List.of(
                Api.map("action", "UPDATE", "indicatorId", first, "patch", Api.map("weight", 70)))))
                .post(plan + "/change-requests").then().statusCode(422).body("inconsistencies.field", hasItem("indicators"));
        Api.withKey(coordinator).body(Api.map("reason", "调整", "changes", List.of(
                Api.map("action", "REMOVE", "indicatorId", UUID.randomUUID()))))
                .post(plan + "/change-requests").then().statusCode(422).body("errors.field", contains("changes[0].indicatorId"));
        String cr = Api.withKey(coordinator).body(Api.map("reason", "河长制工作并入水利工程建设，新增防汛目标", "changes", List.of(
                Api.map("action", "UPDATE", "indicatorId", first, "patch", Api.map("weight", 70, "name", "水利工程建设与河长制",
                        "criteria", "完成得满分，未完成不得分")),
                Api.map("action", "REMOVE", "indicatorId", second),
                Api.map("action", "ADD", "node", Api.map("code", "3", "name", "防汛抗旱", "weight", 30)))))
                .post(plan + "/change-requests").then().statusCode(201).body("status", equalTo("PENDING"))
                .header("Location", containsString("/change-requests/")).extract().path("id");
        Api.withKey(evaluator).get(plan + "/indicators").then().body("indicators.weight", contains(60, 40));

        Api.withKey(coordinator).body(Api.map("decision", "APPROVE")).post(plan + "/change-requests/" + cr + "/decision")
                .then().statusCode(403);
        Api.withKey(evaluator).header("If-Match", "\"5\"").body(Api.map("decision", "APPROVE"))
                .post(plan + "/change-requests/" + cr + "/decision").then().statusCode(412);
        Api.withKey(evaluator).body(Api.map("decision", "APPROVE", "comment", "同意"))
                .post(plan + "/change-requests/" + cr + "/decision").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("resultVersion", equalTo(2)).body("decidedBy.credential", containsString("api-key:")).body("decidedBy.kind", equalTo("API_KEY"));
        Api.withKey(evaluator).body(Api.map("decision", "REJECT")).post(plan + "/change-requests/" + cr + "/decision")
                .then().statusCode(409);

        // applied at once, the kept target keeps its id (and what hangs on it); every version stays readable
        Api.withKey(evaluator).get(plan + "/indicators").then().body("indicators.weight", contains(70, 30))
                .body("indicators[0].id", equalTo(first)).body("indicators[0].name", equalTo("水利工程建设与河长制"))
                .body("indicators[1].code", equalTo("3")).body("consistent", equalTo(true));
        Api.withKey(coordinator).get(plan + "/versions").then().body("items.number", contains(2, 1))
                .body("items[0].changeRequestId", equalTo(cr));
        Api.withKey(coordinator).get(plan + "/versions/1").then().statusCode(200).body("indicators.name", contains("水利工程建设", "河长制工作"))
                .body("indicators[0].criteria", equalTo(null));
        Api.withKey(coordinator).get(plan + "/versions/2").then().statusCode(200).body("indicators.weight", contains(70, 30))
                .body("indicators[0].criteria", equalTo("完成得满分，未完成不得分"));
        Api.withKey(coordinator).get(plan + "/versions/3").then().statusCode(404);
        Api.withKey(coordinator).get(plan + "/change-requests?status=APPROVED").then().body("items.id", contains(cr));

        // a rejected request changes nothing
        String rejected = Api.withKey(coordinator).body(Api.map("reason", "再调整", "changes", List.of(
                Api.map("action", "UPDATE", "indicatorId", first, "patch", Api.map("description", "说明"))))).post(plan + "/change-requests")
                .then().statusCode(201).extract().path("id");
        Api.withKey(evaluator).body(Api.map("decision", "REJECT", "comment", "不必要"))
                .post(plan + "/change-requests/" + rejected + "/decision").then().statusCode(200).body("status", equalTo("REJECTED"));
        Api.withKey(evaluator).get(plan + "/indicators/" + first).then().body("description", equalTo(null));
        Api.withKey(coordinator).get(plan + "/versions").then().body("total", equalTo(2));
    }

    /** Each kind of record alone keeps its target (each is told by the feature that keeps it: NodeRecords). */
    @ParameterizedTest
    @ValueSource(strings = {"progress", "self-assessment", "assessment", "evidence"})
    void aTargetWithAnyRecordIsNotRemoved(String kind) {
        approve();
        transition(evaluator, Api.map("action", "PUBLISH")).statusCode(200);
        String target = plan + "/indicators/" + second;
        switch (kind) {
            case "progress" -> Api.withKey(coordinator).body(Api.map("reportedOn", "2021-06-30", "narrative", "开工"))
                    .post(target + "/progress").then().statusCode(201);
            case "evidence" -> new Multipart().file("file", "开工报告.txt", "开工报告".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .request(coordinator).post(target + "/evidence").then().statusCode(201);
            case "self-assessment" -> {
                transition(evaluator, Api.map("action", "OPEN_SELF_ASSESSMENT")).statusCode(200);
                Api.withKey(coordinator).body(Api.map("score", 20)).put(target + "/self-assessment").then().statusCode(201);
            }
            default -> {
                UUID assessor = newPerson("林静", newEvaluatingBody("考评组"));
                Api.withKey(evaluator).body(Api.map("personId", assessor)).post(plan + "/assessors").then().statusCode(201);
                transition(evaluator, Api.map("action", "OPEN_SELF_ASSESSMENT")).statusCode(200);
                transition(evaluator, Api.map("action", "OPEN_EVALUATION")).statusCode(200);
                Api.withKey(assessorKey(assessor)).body(Api.map("score", 20)).put(target + "/assessments/" + assessor).then()
                        .statusCode(201);
            }
        }
        Api.withKey(coordinator).body(Api.map("reason", "取消", "changes", List.of(
                Api.map("action", "REMOVE", "indicatorId", second),
                Api.map("action", "UPDATE", "indicatorId", first, "patch", Api.map("weight", 100)))))
                .post(plan + "/change-requests").then().statusCode(422).body("errors.field", contains("changes[0].indicatorId"));
    }

    @Test
    void inputsFollowTheStatusAndAClosedPlanTakesNoMore() throws Exception {
        approve();
        UUID assessor = newPerson("林静", newUnit("考评组"));
        String assessorKey = assessorKey(assessor);
        Api.withKey(evaluator).body(Api.map("personId", assessor)).post(plan + "/assessors").then().statusCode(201);
        String score = plan + "/indicators/" + first + "/assessments/" + assessor;
        String self = plan + "/indicators/" + first + "/self-assessment";
        String progress = plan + "/indicators/" + first + "/progress";
        String evidence = plan + "/indicators/" + first + "/evidence";

        Api.withKey(coordinator).body(Api.map("reportedOn", "2021-06-30", "narrative", "开工")).post(progress).then().statusCode(409);
        transition(evaluator, Api.map("action", "PUBLISH")).statusCode(200);
        Api.withKey(coordinator).body(Api.map("reportedOn", "2021-06-30", "narrative", "开工")).post(progress).then().statusCode(201);
        new Multipart().file("file", "开工报告.txt", "开工报告".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .request(coordinator).post(evidence).then().statusCode(201);
        Api.withKey(coordinator).body(Api.map("score", 50)).put(self).then().statusCode(409);
        transition(evaluator, Api.map("action", "OPEN_SELF_ASSESSMENT")).statusCode(200);
        Api.withKey(coordinator).body(Api.map("score", 50)).put(self).then().statusCode(201);
        Api.withKey(assessorKey).body(Api.map("score", 55)).put(score).then().statusCode(409);
        transition(evaluator, Api.map("action", "OPEN_EVALUATION")).statusCode(200);
        Api.withKey(coordinator).header("If-Match", "\"0\"").body(Api.map("score", 52)).put(self).then().statusCode(409);
        Api.withKey(assessorKey).body(Api.map("score", 55)).put(score).then().statusCode(201);

        // a target with evidence cannot be removed by a change request: it is re-weighted instead
        Api.withKey(coordinator).body(Api.map("reason", "取消", "changes", List.of(
                Api.map("action", "REMOVE", "indicatorId", first),
                Api.map("action", "UPDATE", "indicatorId", second, "patch", Api.map("weight", 100)))))
                .post(plan + "/change-requests").then().statusCode(422).body("errors.field", contains("changes[0].indicatorId"));
        Api.withKey(coordinator).body(Api.map("reason", "拆分", "changes", List.of(Api.map("action", "ADD", "parentId", first,
                "node", Api.map("name", "分项", "weight", 60))))).post(plan + "/change-requests").then().statusCode(422)
                .body("errors.field", contains("changes[0].parentId"));

        // a change that would put an entered score above its target's new weight is refused when approved
        String lower = Api.withKey(coordinator).body(Api.map("reason", "调低", "changes", List.of(
                Api.map("action", "UPDATE", "indicatorId", first, "patch", Api.map("weight", 50)),
                Api.map("action", "UPDATE", "indicatorId", second, "patch", Api.map("weight", 50)))))
                .post(plan + "/change-requests").then().statusCode(201).extract().path("id");
        Api.withKey(evaluator).body(Api.map("decision", "APPROVE")).post(plan + "/change-requests/" + lower + "/decision")
                .then().statusCode(422).body("type", equalTo("urn:kaoping:problem:entries-do-not-fit"))
                .body("errors.field", hasItem(containsString("assessorScores[0]")));
        Api.withKey(evaluator).get(plan + "/indicators").then().body("indicators.weight", contains(60, 40));
        Api.withKey(evaluator).get(plan + "/change-requests/" + lower).then().body("status", equalTo("PENDING"));
        transition(evaluator, Api.map("action", "CLOSE", "acceptIncomplete", true)).statusCode(409)
                .body("errors.field", contains("changeRequests"));
        Api.withKey(evaluator).body(Api.map("decision", "REJECT")).post(plan + "/change-requests/" + lower + "/decision")
                .then().statusCode(200);

        // closing needs every target scored, or the evaluator's explicit acceptance
        transition(evaluator, Api.map("action", "CLOSE")).statusCode(409).body("errors.field", contains("indicators/" + second));
        transition(evaluator, Api.map("action", "CLOSE", "acceptIncomplete", true, "comment", "目标2不予考核"))
                .statusCode(200).body("status", equalTo("CLOSED"));
        Api.withKey(assessorKey).header("If-Match", "\"0\"").body(Api.map("score", 58)).put(score).then().statusCode(409);
        Api.withKey(coordinator).body(Api.map("reportedOn", "2021-12-31", "narrative", "完工")).post(progress).then().statusCode(409);
        Api.withKey(evaluator).body(Api.map("kind", "BONUS", "points", 1, "reason", "示范")).post(plan + "/adjustments").then().statusCode(409);
        Api.withKey(coordinator).body(Api.map("reason", "调整", "changes", List.of(Api.map("action", "UPDATE", "indicatorId", first,
                "patch", Api.map("name", "改名"))))).post(plan + "/change-requests").then().statusCode(409);
        transition(evaluator, Api.map("action", "CLOSE")).statusCode(409);
        Api.withKey(evaluator).get(plan + "/score").then().statusCode(200).body("unscored", contains(second));
        List<String> actions = Api.withKey(evaluator).get(plan + "/transitions").then().extract().path("items.action");
        assertEquals(List.of("SUBMIT", "APPROVE", "PUBLISH", "OPEN_SELF_ASSESSMENT", "OPEN_EVALUATION", "CLOSE"), actions);
        Api.withKey(evaluator).get(plan).then().body("status", equalTo("CLOSED"));
        Api.withKey(evaluator).get("/api/v1/plans?status=CLOSED&unitId=" + unit).then().body("items.id", hasItems(planId.toString()));
    }

    @Test
    void serverOwnedFieldsInABodyAreRefusedNeverApplied() {
        Api.raw(coordinator).body(Api.map("title", "自带状态", "year", 2022, "unitId", unit, "status", "APPROVED"))
                .post("/api/v1/plans").then().statusCode(400).body("errors.field", contains("status"))
                .body("errors.message", contains("kept by the server, never taken from a request; leave it out"));
        for (String field : List.of("id", "version", "createdAt")) {
            Api.raw(coordinator).body(Api.map("title", "自带字段", "year", 2022, "unitId", unit, field, "x"))
                    .post("/api/v1/plans").then().statusCode(400).body("errors.field", contains(field));
        }
        Api.raw(coordinator).contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("status", "CLOSED")).patch(plan).then().statusCode(400).body("errors.field", contains("status"));
        Api.raw(coordinator).contentType("application/merge-patch+json").header("If-Match", etag(first))
                .body(Api.map("version", 7)).patch(plan + "/indicators/" + first).then().statusCode(400)
                .body("errors.field", contains("version"));
        Api.raw(coordinator).body(Api.map("name", "带id", "weight", 0, "id", UUID.randomUUID())).post(plan + "/indicators")
                .then().statusCode(400).body("errors.field", contains("id"));
        Api.withKey(evaluator).get(plan).then().body("status", equalTo("DRAFT")).body("version", equalTo(0));
    }
}

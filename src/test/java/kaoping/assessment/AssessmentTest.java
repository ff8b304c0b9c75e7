package kaoping.assessment;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;

@QuarkusTest
class AssessmentTest extends ApiTest {

    /** A plan of 2 leaves: "1" RATIO (60, target 20) and "2" COMPLETION (40), with a public-appraisal component. */
    private static String twoLeafPlan(UUID unit, String series) {
        return """
                {"title": "考评表", "year": 2022, "unitId": "%s", "series": "%s",
                 "scoringRules": {"components": [{"key": "indicator", "share": 0.8}, {"key": "public", "share": 0.2}]},
                 "indicators": [
                   {"code": "1", "name": "实施大气减排治理项目", "weight": 60, "scoring": {"method": "RATIO", "target": 20, "unit": "个"}},
                   {"code": "2", "name": "完成臭氧污染防治攻坚行动", "weight": 40, "scoring": {"method": "COMPLETION"}}]}
                """.formatted(unit, series);
    }

    private static String leafId(UUID planId, int index) {
        return Api.withKey(evaluatorKey()).get("/api/v1/plans/" + planId + "/indicators").then().extract()
                .path("indicators[" + index + "].id");
    }

    @Test
    void onlyTheAssignedAssessorEntersTheirOwnScoresWithETags() {
        UUID unit = newUnit("晋江市财政局");
        UUID planId = newPlan(jinjiangPlan(unit, 2021));
        String leaf = Api.withKey(evaluatorKey()).get("/api/v1/plans/" + planId + "/indicators").then().extract()
                .path("indicators[0].children[0].children[0].children[0].id");
        UUID office = newEvaluatingBody("绩效办");
        UUID lin = newPerson("林静", office);
        UUID chen = newPerson("陈伟", office);
        String linKey = assessorKey(lin);
        String chenKey = assessorKey(chen);
        String evaluator = evaluatorKey();
        String path = "/api/v1/plans/" + planId + "/indicators/" + leaf + "/assessments/";

        // not yet an assessor of the plan: it does not exist for them
        Api.withKey(linKey).body(Api.map("score", 1.5)).put(path + lin).then().statusCode(404);
        Api.withKey(linKey).body(Api.map("personId", lin)).post("/api/v1/plans/" + planId + "/assessors").then().statusCode(403);
        Api.withKey(evaluator).body(Api.map("personId", lin)).post("/api/v1/plans/" + planId + "/assessors").then().statusCode(201)
                .body("name", equalTo("林静"));
        Api.withKey(evaluator).body(Api.map("personId", lin)).post("/api/v1/plans/" + planId + "/assessors").then().statusCode(409);
        Api.withKey(evaluator).body(Api.map("personId", UUID.randomUUID())).post("/api/v1/plans/" + planId + "/assessors")
                .then().statusCode(422).body("errors.field", hasItem("personId"));
        Api.withKey(evaluator).get("/api/v1/plans/" + planId + "/assessors").then().statusCode(200).body("total", equalTo(1));
        Api.withKey(linKey).get("/api/v1/plans/" + planId + "/assessors/" + lin).then().statusCode(200).body("name", equalTo("林静"));
        Api.withKey(linKey).get("/api/v1/plans/" + planId + "/assessors/" + chen).then().statusCode(404);

        // scores are entered while the plan is under evaluation
        Api.withKey(linKey).body(Api.map("score", 1.5)).put(path + lin).then().statusCode(409);
        setStatus(planId, PlanStatus.EVALUATION);
        // nobody enters scores for someone else, not even an EVALUATOR; an unassigned assessor does not see the plan
        Api.withKey(evaluator).body(Api.map("score", 1.5)).put(path + lin).then().statusCode(403);
        Api.withKey(chenKey).body(Api.map("score", 1.5)).put(path + lin).then().statusCode(404);
        Api.withKey(chenKey).body(Api.map("score", 1.5)).put(path + chen).then().statusCode(404);

        Api.withKey(linKey).body(Api.map("score", 2.5)).put(path + lin).then().statusCode(422).body("errors.field", hasItem("score"));
        Api.withKey(linKey).body(Api.map("grade", "优")).put(path + lin).then().statusCode(422).body("errors.field", hasItem("grade"));
        // a create with If-Match: "0" is made only while nothing exists; the entry it makes has the ETag "1"
        Api.withKey(linKey).body(Api.map("score", 1.5, "note", "赔偿磋商案例偏少")).header("If-Match", "\"0\"").put(path + lin)
                .then().statusCode(201).header("ETag", "\"1\"").body("score", equalTo(1.5f));
        Api.withKey(linKey).body(Api.map("score", 1.2)).header("If-Match", "\"0\"").put(path + lin).then().statusCode(412);
        Api.withKey(linKey).body(Api.map("score", 1.8)).put(path + lin).then().statusCode(428);
        Api.withKey(linKey).body(Api.map("score", 1.8)).header("If-Match", "\"7\"").put(path + lin).then().statusCode(412);
        Api.withKey(linKey).body(Api.map("score", 1.8)).header("If-Match", "\"1\"").put(path + lin).then().statusCode(200)
                .header("ETag", "\"2\"").body("score", equalTo(1.8f));

        Api.withKey(linKey).get(path + lin).then().statusCode(200).body("note", equalTo(null));
        Api.withKey(chenKey).get(path + lin).then().statusCode(404);
        Api.withKey(evaluator).get(path + lin).then().statusCode(200);
        Api.withKey(linKey).get("/api/v1/plans/" + planId + "/assessments").then().statusCode(200)
                .body("items.personId", contains(lin.toString()));
        Api.withKey(chenKey).get("/api/v1/plans/" + planId + "/assessments?personId=" + lin).then().statusCode(404);

        // an assessor with entries stays on the plan, so no score silently disappears
        Api.withKey(evaluator).delete("/api/v1/plans/" + planId + "/assessors/" + lin).then().statusCode(409);

        // a draft mid-edit does not add up: no score until it does; then an entry above the new weight is named
        // (entries exist before a plan is a draft again only through a repair of the data: set directly here)
        setStatus(planId, PlanStatus.DRAFT);
        String url = "/api/v1/plans/" + planId + "/indicators/" + leaf;
        Api.withKey(evaluator).contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("weight", 1)).patch(url).then().statusCode(200);
        Api.withKey(evaluator).get("/api/v1/plans/" + planId + "/score").then().statusCode(409)
                .body("inconsistencies.code", contains("1-1"));
        String sibling = Api.withKey(evaluator).get("/api/v1/plans/" + planId + "/indicators").then().extract()
                .path("indicators[0].children[0].children[0].children[1].id");
        Api.withKey(evaluator).contentType("application/merge-patch+json").header("If-Match", "\"0\"")
                .body(Api.map("weight", 3)).patch("/api/v1/plans/" + planId + "/indicators/" + sibling).then().statusCode(200);
        Api.withKey(evaluator).get("/api/v1/plans/" + planId + "/score").then().statusCode(409)
                .body("errors.field", contains("indicators[0].children[0].children[0].children[0].inputs.assessorScores[0]"));
    }

    @Test
    void progressSelfAssessmentComponentsAndAdjustmentsMakeTheScore() {
        UUID unit = newUnit("晋江市住房和城乡建设局");
        UUID planId = newPlan(twoLeafPlan(unit, "S-" + UUID.randomUUID()));
        String ratio = leafId(planId, 0);
        String completion = leafId(planId, 1);
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        String evaluator = evaluatorKey();
        String plan = "/api/v1/plans/" + planId;

        Api.withKey(evaluator).get(plan + "/score").then().statusCode(200).body("complete", equalTo(false))
                .body("unscored", contains(ratio, completion)).body("missingComponents", contains("public"));
        setStatus(planId, PlanStatus.PUBLISHED);

        // a person named responsible for a target reports on it, and only on it
        UUID wu = newPerson("吴磊", unit);
        Api.withKey(evaluator).header("If-Match", "\"0\"").body(Api.map("items", List.of(Api.map("role", "PERSON",
                "responsibility", "LEAD", "personId", wu)))).put(plan + "/indicators/" + ratio + "/assignments").then().statusCode(200);
        String responsible = Api.admin().body(Api.map("name", "吴磊", "roles", Set.of("RESPONSIBLE"), "unitId", unit,
                "personId", wu)).post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
        Api.withKey(responsible).body(Api.map("reportedOn", "2022-01-31", "actual", 1))
                .post(plan + "/indicators/" + ratio + "/progress").then().statusCode(201);
        Api.withKey(responsible).body(Api.map("reportedOn", "2022-01-31", "completion", 0.1))
                .post(plan + "/indicators/" + completion + "/progress").then().statusCode(403);

        Api.withKey(evaluator).body(Api.map("reportedOn", "2022-06-30", "actual", 5)).post(plan + "/indicators/" + ratio + "/progress")
                .then().statusCode(403);
        Api.withKey(coordinator).body(Api.map("reportedOn", "2022-06-30", "completion", 1)).post(plan + "/indicators/" + ratio + "/progress")
                .then().statusCode(422).body("errors.field", hasItem("completion"));
        Api.withKey(coordinator).body(Api.map("reportedOn", "2022-06-30")).post(plan + "/indicators/" + ratio + "/progress")
                .then().statusCode(422).body("errors.field", hasItem("narrative"));
        // the newest report by date counts, whatever the order they were entered in
        for (Object[] report : new Object[][] {{"2022-09-30", 17}, {"2022-12-31", 19}, {"2022-03-31", 5}}) {
            String location = Api.withKey(coordinator).body(Api.map("period", "2022", "reportedOn", report[0], "actual", report[1]))
                    .post(plan + "/indicators/" + ratio + "/progress").then().statusCode(201).extract().header("Location");
            Api.withKey(evaluator).get(location).then().statusCode(200).body("actual", equalTo(report[1]));
        }
        Api.withKey(coordinator).body(Api.map("reportedOn", "2022-12-31", "completion", 0.5, "narrative", "完成一半"))
                .post(plan + "/indicators/" + completion + "/progress").then().statusCode(201);
        Api.withKey(evaluator).get(plan + "/indicators/" + ratio + "/progress").then().statusCode(200)
                .body("items.actual", contains(19, 17, 5, 1));
        // the progress screen of the whole plan is one call: both leaves, newest first, pageable and sortable
        Api.withKey(responsible).get(plan + "/progress").then().statusCode(200).body("total", equalTo(5))
                .body("items.indicatorId", contains(completion, ratio, ratio, ratio, ratio))
                .body("items.reportedOn", contains("2022-12-31", "2022-12-31", "2022-09-30", "2022-03-31", "2022-01-31"));
        Api.withKey(evaluator).get(plan + "/progress?indicatorId=" + completion).then().statusCode(200)
                .body("items.completion", contains(0.5f));
        Api.withKey(evaluator).get(plan + "/progress?sort=reportedOn&size=2&page=1").then().statusCode(200)
                .body("total", equalTo(5)).body("items.reportedOn", contains("2022-09-30", "2022-12-31"));
        Api.withKey(newKey(Set.of("UNIT_COORDINATOR"), newUnit("晋江市农业农村局"))).get(plan + "/progress").then().statusCode(404);

        Api.withKey(coordinator).body(Api.map("score", 55)).put(plan + "/indicators/" + ratio + "/self-assessment").then().statusCode(409);
        setStatus(planId, PlanStatus.SELF_ASSESSMENT);
        Api.withKey(evaluator).body(Api.map("score", 55)).put(plan + "/indicators/" + ratio + "/self-assessment").then().statusCode(403);
        Api.withKey(coordinator).body(Api.map("score", 61)).put(plan + "/indicators/" + ratio + "/self-assessment")
                .then().statusCode(422).body("errors.field", hasItem("score"));
        Api.withKey(coordinator).body(Api.map("score", 55, "note", "自评")).put(plan + "/indicators/" + ratio + "/self-assessment")
                .then().statusCode(201);
        Api.withKey(evaluator).get(plan + "/indicators/" + ratio + "/self-assessment").then().statusCode(200).body("score", equalTo(55));
        Api.withKey(responsible).get(plan + "/self-assessments").then().statusCode(200).body("total", equalTo(1))
                .body("items.indicatorId", contains(ratio)).body("items.score", contains(55));

        setStatus(planId, PlanStatus.EVALUATION);
        Api.withKey(evaluator).get(plan + "/component-scores").then().statusCode(200).header("ETag", "\"0\"");
        Api.raw(evaluator).body(Api.map("scores", Api.map("public", 90))).put(plan + "/component-scores").then().statusCode(428);
        Api.withKey(evaluator).body(Api.map("scores", Api.map("press", 90))).header("If-Match", "\"0\"")
                .put(plan + "/component-scores").then().statusCode(422).body("errors.field", hasItem("scores.press"));
        Api.withKey(coordinator).body(Api.map("scores", Api.map("public", 90))).header("If-Match", "\"0\"")
                .put(plan + "/component-scores").then().statusCode(403);
        Api.withKey(evaluator).body(Api.map("scores", Api.map("public", 90))).header("If-Match", "\"0\"")
                .put(plan + "/component-scores").then().statusCode(200).header("ETag", "\"1\"");

        for (double points : new double[] {2, 2}) {
            Api.withKey(evaluator).body(Api.map("kind", "BONUS", "points", points, "reason", "示范创建"))
                    .post(plan + "/adjustments").then().statusCode(201);
        }
        Api.withKey(evaluator).body(Api.map("kind", "DEDUCTION", "points", 0.6, "reason", "信访件办理超时"))
                .post(plan + "/adjustments").then().statusCode(201);
        Api.withKey(evaluator).body(Api.map("kind", "VETO", "points", 1, "reason", "安全生产事故")).post(plan + "/adjustments")
                .then().statusCode(422).body("errors.field", hasItem("points"));
        Api.withKey(coordinator).body(Api.map("kind", "BONUS", "points", 1, "reason", "自己加分")).post(plan + "/adjustments")
                .then().statusCode(403);
        Api.withKey(evaluator).body(Api.map("kind", "BONUS", "points", 1, "reason", "示范创建", "evidenceIds",
                List.of(UUID.randomUUID()))).post(plan + "/adjustments").then().statusCode(422)
                .body("errors.field", hasItem("evidenceIds[0]"));

        // 60 × 19/20 = 57 and 40 × 0.5 = 20: 77; composite 0.8 × 77 + 0.2 × 90 = 79.6; bonus capped at 3, deduction 0.6
        Api.withKey(evaluator).get(plan + "/score").then().statusCode(200).body("indicatorScore", equalTo(77))
                .body("compositeScore", equalTo(79.6f)).body("bonusApplied", equalTo(3)).body("finalScore", equalTo(82))
                .body("grade", equalTo("合格")).body("complete", equalTo(true))
                .body("breakdown[0].formula", equalTo("60 × min(19 / 20, 1) = 57"))
                .body("breakdown[0].inputs.selfScore", equalTo(55));

        String veto = Api.withKey(evaluator).body(Api.map("kind", "VETO", "reason", "发生较大安全生产事故"))
                .post(plan + "/adjustments").then().statusCode(201).extract().path("id");
        Api.withKey(evaluator).get(plan + "/score").then().body("grade", equalTo("不合格")).body("vetoed", equalTo(true))
                .body("finalScore", equalTo(82));
        Api.withKey(coordinator).get(plan + "/adjustments/" + veto).then().statusCode(200).body("kind", equalTo("VETO"));
        Api.withKey(evaluator).delete(plan + "/adjustments/" + veto).then().statusCode(204);
        Api.withKey(evaluator).get(plan + "/adjustments/" + veto).then().statusCode(404);
        Api.withKey(evaluator).get(plan + "/adjustments").then().statusCode(200).body("total", equalTo(3));
    }

    @Test
    void rankingsShareRanksOnTiesAndPutVetoedPlansLast() {
        String series = "S-" + UUID.randomUUID();
        String evaluator = evaluatorKey();
        List<String> names = List.of("甲局", "乙局", "丙局");
        List<Integer> actuals = List.of(18, 18, 20);
        UUID[] plans = new UUID[3];
        for (int i = 0; i < 3; i++) {
            UUID unit = newUnit(names.get(i));
            plans[i] = newPlan(twoLeafPlan(unit, series));
            setStatus(plans[i], PlanStatus.EVALUATION);
            String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
            Api.withKey(coordinator).body(Api.map("reportedOn", "2022-12-31", "actual", actuals.get(i)))
                    .post("/api/v1/plans/" + plans[i] + "/indicators/" + leafId(plans[i], 0) + "/progress").then().statusCode(201);
        }
        Api.withKey(evaluator).body(Api.map("kind", "VETO", "reason", "一票否决")).post("/api/v1/plans/" + plans[2] + "/adjustments")
                .then().statusCode(201);
        // another unit's draft in the same series is not ranked unless asked for
        UUID draft = newPlan(twoLeafPlan(newUnit("丁局"), series));
        Api.withKey(evaluator).get("/api/v1/rankings?year=2022&series=" + series).then().statusCode(200)
                .body("items.unitName", contains("甲局", "乙局", "丙局")).body("items.rank", contains(1, 1, 3))
                .body("items.vetoed", contains(false, false, true)).body("items.complete", contains(false, false, false))
                .body("items.status", contains("EVALUATION", "EVALUATION", "EVALUATION"));
        Api.withKey(evaluator).get("/api/v1/rankings?year=2022&series=" + series + "&status=DRAFT").then().statusCode(200)
                .body("items.planId", contains(draft.toString())).body("items.status", contains("DRAFT"));
        Api.raw(evaluator).get("/api/v1/rankings?year=2022").then().statusCode(400).body("errors.field", hasItem("series"));
    }

    @Test
    void aStoredTreeRefusesInputs() {
        UUID unit = newUnit("晋江市教育局");
        Api.raw(evaluatorKey()).body("""
                {"title": "考评表", "year": 2021, "unitId": "%s",
                 "indicators": [{"name": "目标", "weight": 100, "inputs": {"assessorScores": [90]}}]}
                """.formatted(unit)).post("/api/v1/plans").then().statusCode(400)
                .body("errors.field", hasItem("indicators[0].inputs"));
    }
}

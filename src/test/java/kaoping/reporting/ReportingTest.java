package kaoping.reporting;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.TestClock;

/** Reporting periods at the edges of their due, grace and lock times in Asia/Shanghai, unlocks, and who has reported. */
@QuarkusTest
class ReportingTest extends ApiTest {
    @Inject
    TestClock clock;
    @Inject
    AgroalDataSource db;

    @AfterEach
    void resume() {
        clock.resume();
    }


    /** A published 2026 plan of a new unit with three leaves (codes 1, 2, 3); its coordinator's key in {@code keys}. */
    private static String publishedPlan(String unitName, String series, Map<String, String> keys) {
        UUID unit = newUnit(unitName);
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        keys.put("coordinator", coordinator);
        keys.put("unit", unit.toString());
        String plan = Api.withKey(coordinator).body(Api.map("title", unitName + "考评表", "year", 2026, "unitId", unit,
                "series", series, "indicators", List.of(Api.map("code", "1", "name", "重点工作", "weight", 40),
                        Api.map("code", "2", "name", "共性工作", "weight", 30), Api.map("code", "3", "name", "党建工作", "weight", 30))))
                .post("/api/v1/plans").then().statusCode(201).extract().path("id");
        setStatus(UUID.fromString(plan), PlanStatus.PUBLISHED);
        return plan;
    }

    private static List<String> leaves(String plan, String key) {
        return Api.withKey(key).get("/api/v1/plans/" + plan + "/indicators").then().statusCode(200).extract().path("indicators.id");
    }

    private static String period(String plan, String key, String code, String dueOn, int grace, String locksOn) {
        return Api.withKey(key).body(Api.map("periods", List.of(Api.map("code", code, "startsOn", "2026-01-01", "endsOn", "2026-03-31",
                "dueOn", dueOn, "graceDays", grace, "locksOn", locksOn)))).post("/api/v1/plans/" + plan + "/periods")
                .then().statusCode(201).extract().path("items[0].id");
    }

    private static int report(String plan, String leaf, String key, String reportedOn) {
        return Api.withKey(key).body(Api.map("reportedOn", reportedOn, "narrative", "按计划推进"))
                .post("/api/v1/plans/" + plan + "/indicators/" + leaf + "/progress").then().extract().statusCode();
    }

    private static List<String> statuses(String plan, String period, String key, String asOf) {
        return Api.withKey(key).queryParam("asOf", asOf).get("/api/v1/plans/" + plan + "/periods/" + period + "/status")
                .then().statusCode(200).extract().path("targets.status");
    }

    @Test
    void aReportIsOnTimeUntilMidnightInShanghaiLateAfterAndRefusedOnceThePeriodLocks() {
        Map<String, String> keys = new java.util.HashMap<>();
        String plan = publishedPlan("晋江市统计局", "第二系列参评单位", keys);
        String coordinator = keys.get("coordinator");
        String evaluator = evaluatorKey();
        List<String> leaf = leaves(plan, coordinator);
        String q1 = period(plan, evaluator, "2026Q1", "2026-03-31", 0, "2026-04-30");
        Api.withKey(coordinator).get("/api/v1/plans/" + plan + "/periods").then().statusCode(200)
                .body("items[0].onTimeUntil", equalTo("2026-04-01T00:00:00+08:00"))
                .body("items[0].lockedFrom", equalTo("2026-05-01T00:00:00+08:00"));

        // the last second of 03-31 in Shanghai is 15:59:59 UTC: on time; without a period named, the report's date picks it
        clock.stopAt("2026-03-31T15:59:59Z");
        Api.withKey(coordinator).body(Api.map("reportedOn", "2026-03-31", "narrative", "一季度完成"))
                .post("/api/v1/plans/" + plan + "/indicators/" + leaf.get(0) + "/progress").then().statusCode(201)
                .body("period", equalTo("2026Q1")).body("periodId", equalTo(q1));
        assertEquals(List.of("ON_TIME", "PENDING", "PENDING"), statuses(plan, q1, coordinator, "2026-03-31T23:59:59+08:00"));
        clock.stopAt("2026-03-31T16:00:00Z");
        assertEquals(201, report(plan, leaf.get(1), coordinator, "2026-03-31"));
        Api.withKey(coordinator).body(Api.map("reportedOn", "2026-03-31", "period", "2026Q9", "narrative", "x"))
                .post("/api/v1/plans/" + plan + "/indicators/" + leaf.get(2) + "/progress").then().statusCode(422)
                .body("errors[0].field", equalTo("period"));
        // as of midnight: the second leaf late, the third missing; as of the second before, neither counted yet
        Api.withKey(evaluator).queryParam("asOf", "2026-04-01T00:00:00+08:00").get("/api/v1/plans/" + plan + "/periods/" + q1 + "/status")
                .then().statusCode(200).body("targets.status", equalTo(List.of("ON_TIME", "LATE", "MISSING")))
                .body("summary.reported", equalTo(2)).body("summary.onTime", equalTo(1))
                .body("summary.reportingRate", equalTo(0.6667f)).body("summary.onTimeRate", equalTo(0.3333f));
        assertEquals(List.of("ON_TIME", "PENDING", "PENDING"), statuses(plan, q1, evaluator, "2026-03-31T15:59:59Z"));

        // the lock date is the last day reports are taken
        clock.stopAt("2026-04-30T15:59:59Z");
        assertEquals(201, report(plan, leaf.get(2), coordinator, "2026-03-31"));
        clock.stopAt("2026-04-30T16:00:00Z");
        Api.withKey(coordinator).body(Api.map("reportedOn", "2026-03-31", "narrative", "补报"))
                .post("/api/v1/plans/" + plan + "/indicators/" + leaf.get(2) + "/progress").then().statusCode(409)
                .body("detail", containsString("2026Q1")).body("detail", containsString("2026-04-30"));

        // an EVALUATOR unlocks one target for an hour, with a reason, on the audit trail, both naming the person
        String officer = personKey("EVALUATOR", newPerson("林绩效", newEvaluatingBody("晋江市绩效办")));
        String unlocks = "/api/v1/plans/" + plan + "/periods/" + q1 + "/unlocks";
        Api.withKey(coordinator).body(Api.map("reason", "系统故障", "expiresAt", "2026-05-01T01:00:00+08:00")).post(unlocks)
                .then().statusCode(403);
        Api.withKey(evaluator).body(Api.map("indicatorId", leaf.get(2), "reason", "系统故障", "expiresAt", "2026-04-30T15:00:00Z"))
                .post(unlocks).then().statusCode(422).body("errors[0].field", equalTo("expiresAt"));
        String unlock = Api.withKey(officer).body(Api.map("indicatorId", leaf.get(2), "reason", "系统故障未能按期报送",
                "expiresAt", "2026-05-01T01:00:00+08:00")).post(unlocks).then().statusCode(201)
                .body("reason", equalTo("系统故障未能按期报送")).body("grantedBy.kind", equalTo("PERSON"))
                .body("grantedBy.name", equalTo("林绩效")).extract().path("id");
        assertEquals("1", selectOne(db, "select count(*)::text from audit_events where entity_type = 'period_unlocks' "
                + "and entity_id = ?", unlock));
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?entityId=" + unlock).then().statusCode(200)
                .body("items[0].after.grantedBy.name", equalTo("林绩效")).body("items[0].after.grantedBy.kind", equalTo("PERSON"));
        assertEquals(201, report(plan, leaf.get(2), coordinator, "2026-03-31"));
        assertEquals(409, report(plan, leaf.get(1), coordinator, "2026-03-31"));
        clock.advance(Duration.ofHours(1));
        assertEquals(409, report(plan, leaf.get(2), coordinator, "2026-03-31"));
        // a report dated outside every period belongs to none, and no lock applies
        assertEquals(201, report(plan, leaf.get(2), coordinator, "2026-06-30"));
    }

    @Test
    void graceCountsWorkingDaysOfTheAdjustedCalendar() {
        Map<String, String> keys = new java.util.HashMap<>();
        String plan = publishedPlan("晋江市林业局", "第二系列参评单位", keys);
        String evaluator = evaluatorKey();
        String base = "/api/v1/plans/" + plan + "/periods";
        // due Wed 09-30, then the National Day holidays (10-01 to 10-07): the 2nd working day after is Fri 10-09, the 3rd
        // the Saturday 10-10 worked in exchange (调休); due Fri 09-25, the next working day is the Sunday 09-27 worked
        Api.withKey(evaluator).body(Api.map("periods", List.of(
                Api.map("code", "G2", "startsOn", "2026-07-01", "endsOn", "2026-09-30", "dueOn", "2026-09-30", "graceDays", 2, "locksOn", "2026-10-31"),
                Api.map("code", "G3", "startsOn", "2026-07-01", "endsOn", "2026-09-30", "dueOn", "2026-09-30", "graceDays", 3, "locksOn", "2026-10-31"),
                Api.map("code", "G1", "startsOn", "2026-07-01", "endsOn", "2026-09-30", "dueOn", "2026-09-25", "graceDays", 1, "locksOn", "2026-10-31"))))
                .post(base).then().statusCode(201);
        Map<String, String> until = new java.util.HashMap<>();
        List<Map<String, Object>> items = Api.withKey(evaluator).get(base).then().statusCode(200).extract().path("items");
        items.forEach(p -> until.put((String) p.get("code"), (String) p.get("onTimeUntil")));
        assertEquals(Map.of("G2", "2026-10-10T00:00:00+08:00", "G3", "2026-10-11T00:00:00+08:00", "G1", "2026-09-28T00:00:00+08:00"), until);

        // a template: the quarters of the plan's year; a second time the codes clash and nothing is stored
        Api.withKey(keys.get("coordinator")).body(Api.map("template", "QUARTERLY")).post(base).then().statusCode(201)
                .body("items.code", equalTo(List.of("2026Q1", "2026Q2", "2026Q3", "2026Q4")))
                .body("items[0].dueOn", equalTo("2026-04-10")).body("items[0].locksOn", equalTo("2026-05-10"));
        Api.withKey(evaluator).body(Api.map("template", "QUARTERLY")).post(base).then().statusCode(409);
        Api.withKey(evaluator).body(Api.map()).post(base).then().statusCode(422);
        Api.withKey(evaluator).body(Api.map("periods", List.of(Api.map("code", "X", "startsOn", "2026-07-01", "endsOn", "2026-06-30",
                "dueOn", "2026-07-10", "locksOn", "2026-07-09")))).post(base).then().statusCode(422)
                .body("errors.field", equalTo(List.of("periods[0].endsOn", "periods[0].locksOn")));
        Api.withKey(evaluator).get(base).then().body("total", equalTo(7));
    }

    @Test
    void theSeriesShowsWhichUnitsHaveNotReportedAndTheStaleTargets() {
        String series = "系列" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> one = new java.util.HashMap<>();
        Map<String, String> two = new java.util.HashMap<>();
        clock.stopAt("2026-01-05T09:00:00+08:00");
        String reported = publishedPlan("晋江市交通运输局", series, one);
        String silent = publishedPlan("晋江市水利局", series, two);
        String evaluator = evaluatorKey();
        period(reported, evaluator, "2026Q1", "2026-03-31", 0, "2026-04-30");
        period(silent, evaluator, "2026Q1", "2026-03-31", 0, "2026-04-30");
        clock.stopAt("2026-03-20T10:00:00+08:00");
        assertEquals(201, report(reported, leaves(reported, evaluator).get(0), one.get("coordinator"), "2026-03-20"));
        Api.withKey(evaluator).queryParam("year", 2026).queryParam("period", "2026Q1").queryParam("series", series)
                .queryParam("asOf", "2026-04-02T09:00:00+08:00").get("/api/v1/reporting-status").then().statusCode(200)
                .body("units.size()", equalTo(2)).body("unitsWithoutReport", equalTo(List.of(two.get("unit"))))
                .body("total.targets", equalTo(6)).body("total.reported", equalTo(1)).body("total.missing", equalTo(5))
                .body("total.reportingRate", equalTo(0.1667f));
        Api.withKey(one.get("coordinator")).queryParam("year", 2026).queryParam("period", "2026Q1")
                .get("/api/v1/reporting-status").then().statusCode(403);

        // the two leaves never reported have had none since the plan was made; the reported one is stale 30 days on
        Api.withKey(one.get("coordinator")).queryParam("days", 30).queryParam("asOf", "2026-04-19T09:59:59+08:00")
                .get("/api/v1/plans/" + reported + "/stale-targets").then().statusCode(200)
                .body("items.code", equalTo(List.of("2", "3"))).body("items[0].daysWithoutReport", equalTo(104));
        Api.withKey(one.get("coordinator")).queryParam("days", 30).queryParam("asOf", "2026-04-19T10:00:00+08:00")
                .get("/api/v1/plans/" + reported + "/stale-targets").then().statusCode(200)
                .body("items.code", equalTo(List.of("2", "3", "1"))).body("items[2].daysWithoutReport", equalTo(30));
    }
}

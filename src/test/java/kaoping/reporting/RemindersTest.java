package kaoping.reporting;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.TestClock;

/**
 * Reminders by rule (once per rule, target and person however often the job runs; within the daily limit of 2 in
 * tests; never to a disabled person; none once reported), manual ones rate-limited, and each one an event.
 */
@QuarkusTest
class RemindersTest extends ApiTest {
    @Inject
    TestClock clock;
    @Inject
    Reminders reminders;

    @AfterEach
    void resume() {
        clock.resume();
    }


    /** The plan's reminders as "rule code person-name", sorted, counting each. */
    private static Map<String, Integer> sent(String plan, String period, String key, Map<String, String> names,
                                             Map<String, String> codes) {
        List<Map<String, Object>> items = Api.withKey(key).queryParam("size", 200)
                .get("/api/v1/plans/" + plan + "/periods/" + period + "/reminders").then().statusCode(200).extract().path("items");
        Map<String, Integer> seen = new TreeMap<>();
        items.forEach(r -> seen.merge(r.get("rule") + " " + codes.get((String) r.get("indicatorId")) + " "
                + names.get((String) r.get("personId")), 1, Integer::sum));
        return seen;
    }

    @Test
    void rulesRemindOncePerTargetAndPersonWithinTheDailyLimitAndStopOnceReported() {
        clock.stopAt("2026-01-05T09:00:00+08:00");
        UUID unit = newUnit("晋江市城管局");
        UUID responsible = newPerson("陈立", unit);
        UUID away = UUID.fromString(Api.admin().body(Api.map("name", "吴静", "unitId", unit, "disabled", true))
                .post("/api/v1/people").then().statusCode(201).body("disabled", equalTo(true)).extract().path("id"));
        UUID coordinatorPerson = newPerson("许强", unit);
        String coordinator = Api.admin().body(Api.map("name", "绩效联络员", "roles", Set.of("UNIT_COORDINATOR"), "unitId", unit,
                "personId", coordinatorPerson)).post("/api/v1/api-keys").then().statusCode(201).extract().path("key");
        String plan = Api.withKey(coordinator).body(Api.map("title", "城管局考评表", "year", 2026, "unitId", unit,
                "indicators", List.of(Api.map("code", "1", "name", "市容整治", "weight", 40),
                        Api.map("code", "2", "name", "违建治理", "weight", 30), Api.map("code", "3", "name", "共性工作", "weight", 30))))
                .post("/api/v1/plans").then().statusCode(201).extract().path("id");
        String base = "/api/v1/plans/" + plan;
        List<String> leaves = Api.withKey(coordinator).get(base + "/indicators").then().extract().path("indicators.id");
        Api.withKey(coordinator).header("If-Match", "\"0\"").body(Api.map("items", List.of(
                Api.map("role", "PERSON", "responsibility", "LEAD", "personId", responsible),
                Api.map("role", "PERSON", "responsibility", "SUPPORT", "personId", away))))
                .put(base + "/indicators/" + leaves.get(0) + "/assignments").then().statusCode(200);
        setStatus(UUID.fromString(plan), PlanStatus.PUBLISHED);
        String evaluator = evaluatorKey();
        String period = Api.withKey(evaluator).body(Api.map("periods", List.of(Api.map("code", "2026Q1", "startsOn", "2026-01-01",
                "endsOn", "2026-03-31", "dueOn", "2026-03-31", "locksOn", "2026-04-30")))).post(base + "/periods")
                .then().statusCode(201).extract().path("items[0].id");
        Map<String, String> names = Map.of(responsible.toString(), "陈立", away.toString(), "吴静", coordinatorPerson.toString(), "许强");
        Map<String, String> codes = Map.of(leaves.get(0), "1", leaves.get(1), "2", leaves.get(2), "3");

        // before the first rule (D-7 is 03-24 in Shanghai, from 03-23T16:00Z): nothing
        clock.stopAt("2026-03-23T15:59:59Z");
        reminders.remindDue(clock);
        assertEquals(Map.of(), sent(plan, period, evaluator, names, codes));
        // D-7, the job run twice: the responsible person once, the coordinator for two targets (the daily limit is 2),
        // the disabled person never
        clock.stopAt("2026-03-24T08:00:00+08:00");
        reminders.remindDue(clock);
        reminders.remindDue(clock);
        assertEquals(Map.of("D-7 1 陈立", 1, "D-7 1 许强", 1, "D-7 2 许强", 1), sent(plan, period, evaluator, names, codes));
        // the next day the one held back by the limit goes out, still under D-7; a target reported is left alone
        assertEquals(201, Api.withKey(coordinator).body(Api.map("reportedOn", "2026-03-25", "narrative", "已完成"))
                .post(base + "/indicators/" + leaves.get(0) + "/progress").then().extract().statusCode());
        clock.stopAt("2026-03-25T08:00:00+08:00");
        reminders.remindDue(clock);
        reminders.remindDue(clock);
        assertEquals(Map.of("D-7 1 陈立", 1, "D-7 1 许强", 1, "D-7 2 许强", 1, "D-7 3 许强", 1),
                sent(plan, period, evaluator, names, codes));
        // D-1 and D+1: the coordinator for the two open targets, once each
        clock.stopAt("2026-03-30T08:00:00+08:00");
        reminders.remindDue(clock);
        clock.stopAt("2026-04-01T08:00:00+08:00");
        reminders.remindDue(clock);
        reminders.remindDue(clock);
        Map<String, Integer> all = sent(plan, period, evaluator, names, codes);
        assertEquals(Map.of("D-7 1 陈立", 1, "D-7 1 许强", 1, "D-7 2 许强", 1, "D-7 3 许强", 1, "D-1 2 许强", 1, "D-1 3 许强", 1,
                "D+1 2 许强", 1, "D+1 3 许强", 1), all);
        // after the lock date nobody is reminded any more
        clock.stopAt("2026-05-01T08:00:00+08:00");
        reminders.remindDue(clock);
        assertEquals(all, sent(plan, period, evaluator, names, codes));

        // each reminder is an event of the feed, for the unit's users too
        List<Map<String, Object>> events = Api.withKey(coordinator).queryParam("types", "kaoping.reminder.created")
                .queryParam("limit", 500).get("/api/v1/events").then().statusCode(200).extract().path("items");
        List<Map<String, Object>> ours = events.stream().filter(e -> plan.equals(e.get("planid"))).toList();
        assertEquals(8, ours.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) ours.get(0).get("data");
        assertEquals("2026Q1", data.get("period"));
        assertEquals("D-7", data.get("rule"));
        Api.withKey(coordinator).get(base + "/periods/" + period + "/reminders").then().statusCode(200)
                .body("items[0].eventId", notNullValue()).body("items[0].delivery", notNullValue())
                .body("items[0].createdBy.kind", equalTo("SYSTEM"));
    }

    @Test
    void anEvaluatorRemindsNowAtMostOnceAnHourPerTarget() {
        clock.stopAt("2026-04-02T09:00:00+08:00");
        UUID unit = newUnit("晋江市医保局");
        UUID person = newPerson("郭敏", unit);
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        String plan = Api.withKey(coordinator).body(Api.map("title", "医保局考评表", "year", 2026, "unitId", unit,
                "indicators", List.of(Api.map("code", "1", "name", "基金监管", "weight", 100)))).post("/api/v1/plans")
                .then().statusCode(201).extract().path("id");
        String base = "/api/v1/plans/" + plan;
        String leaf = Api.withKey(coordinator).get(base + "/indicators").then().extract().path("indicators[0].id");
        Api.withKey(coordinator).header("If-Match", "\"0\"").body(Api.map("items", List.of(Api.map("role", "PERSON",
                "responsibility", "LEAD", "personId", person)))).put(base + "/indicators/" + leaf + "/assignments").then().statusCode(200);
        setStatus(UUID.fromString(plan), PlanStatus.PUBLISHED);
        String evaluator = evaluatorKey();
        String period = Api.withKey(evaluator).body(Api.map("periods", List.of(Api.map("code", "2026Q1", "startsOn", "2026-01-01",
                "endsOn", "2026-03-31", "dueOn", "2026-03-31", "locksOn", "2026-04-30")))).post(base + "/periods")
                .then().statusCode(201).extract().path("items[0].id");
        String reminders = base + "/periods/" + period + "/reminders";

        // an endpoint for reminders: the reminder's event waits there for delivery (tests deliver by hand)
        String hook = Api.admin().body(Map.of("url", "http://127.0.0.1:9/hook", "eventTypes", List.of("kaoping.reminder.created")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        Api.withKey(coordinator).body(Api.map("indicatorId", leaf)).post(reminders).then().statusCode(403);
        Api.withKey(evaluator).body(Api.map("indicatorId", leaf, "note", "请今日报送")).post(reminders).then().statusCode(201)
                .body("items.size()", equalTo(1)).body("items[0].rule", equalTo("MANUAL"))
                .body("items[0].personId", equalTo(person.toString())).body("items[0].note", equalTo("请今日报送"))
                .body("items[0].createdBy.kind", equalTo("API_KEY")).body("items[0].createdBy.name", equalTo("test key"))
                .body("items[0].delivery.pending", greaterThanOrEqualTo(1));
        Api.admin().delete("/api/v1/webhooks/" + hook).then().statusCode(204);
        clock.advance(Duration.ofMinutes(59));
        String retry = Api.withKey(evaluator).body(Api.map()).post(reminders).then().statusCode(429).extract().header("Retry-After");
        assertEquals("60", retry);
        clock.advance(Duration.ofMinutes(1));
        Api.withKey(evaluator).body(Api.map()).post(reminders).then().statusCode(201).body("items.size()", equalTo(1));
        // reported: nobody is chased for it
        Api.withKey(coordinator).body(Api.map("reportedOn", "2026-03-31", "narrative", "补报")).post(base + "/indicators/" + leaf
                + "/progress").then().statusCode(201);
        clock.advance(Duration.ofHours(2));
        Api.withKey(evaluator).body(Api.map("indicatorId", leaf)).post(reminders).then().statusCode(201).body("items.size()", equalTo(0));
        Api.withKey(evaluator).get(reminders).then().statusCode(200).body("total", equalTo(2));
    }
}

package kaoping.audit;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.TestClock;

/** Every write leaves its trace, refused ones and failed logins too, and nobody rewrites the trail. */
@QuarkusTest
class AuditTest extends ApiTest {
    @Inject
    DataSource db;
    @Inject
    AuditLog log;
    @Inject
    TestClock clock;

    private static JsonPath events(String query) {
        return Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?size=200&" + query).then()
                .statusCode(200).extract().jsonPath();
    }

    @Test
    void changesAreRecordedWithWhoWhatWhereAndTheFieldsBeforeAndAfter() {
        UUID unit = newUnit("晋江市审计局");
        String evaluator = evaluatorKey();
        String planId = Api.withKey(evaluator).header("X-Request-Id", "oa-audit-0001").body(Api.map("title", "审计局考评表",
                "year", 2021, "unitId", unit)).post("/api/v1/plans").then().statusCode(201).extract().path("id");
        Api.withKey(evaluator).header("X-Request-Id", "oa-audit-0002").contentType("application/merge-patch+json")
                .header("If-Match", "\"0\"").body(Api.map("title", "晋江市审计局2021年度考评表")).patch("/api/v1/plans/" + planId)
                .then().statusCode(200);

        JsonPath trail = events("entityId=" + planId);
        assertEquals(List.of("updatePlan", "createPlan"), trail.getList("items.action"));
        Map<String, Object> update = trail.getMap("items[0]");
        assertEquals("UPDATE", update.get("change"));
        assertEquals("plans", update.get("entityType"));
        assertEquals(Map.of("title", "审计局考评表"), update.get("before"));
        assertEquals(Map.of("title", "晋江市审计局2021年度考评表"), update.get("after"), "only the changed field");
        assertEquals("oa-audit-0002", update.get("requestId"));
        assertEquals(List.of("EVALUATOR"), update.get("roles"));
        assertTrue(((String) update.get("actor")).startsWith("api-key:"));
        assertTrue(update.get("clientAddress") != null);
        assertEquals("SUCCESS", update.get("outcome"));
        Map<String, Object> create = trail.getMap("items[1]");
        assertEquals("CREATE", create.get("change"));
        assertEquals("DRAFT", ((Map<?, ?>) create.get("after")).get("status"));
        assertEquals("oa-audit-0001", create.get("requestId"));

        // the plan's filter finds the rows under it too; the actor's filter finds their writes
        Api.withKey(evaluator).body(Api.map("name", "新目标", "weight", 100)).post("/api/v1/plans/" + planId + "/indicators")
                .then().statusCode(201);
        JsonPath planTrail = events("planId=" + planId);
        assertTrue(planTrail.getList("items.entityType").contains("indicators"));
        String actor = (String) update.get("actor");
        List<String> actors = events("actor=" + actor).getList("items.actor");
        assertTrue(actors.size() >= 3 && actors.stream().allMatch(actor::equals));
        assertEquals(List.of("addIndicator"), events("planId=" + planId + "&action=addIndicator").getList("items.action").stream().distinct().toList());
        assertEquals(0, events("entityId=" + planId + "&to=2000-01-01T00:00:00Z").getInt("total"));
        // the new node moved the plan's tree version: a third change of the plan row
        assertEquals(3, events("entityId=" + planId + "&from=" + OffsetDateTime.now().minusHours(1)).getInt("total"));
    }

    @Test
    void refusedWritesAndFailedLoginsAreRecordedToo() {
        UUID unit = newUnit("晋江市统计局");
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        String planId = Api.withKey(coordinator).body(Api.map("title", "统计局考评表", "year", 2021, "unitId", unit,
                "indicators", List.of(Api.map("name", "统计工作", "weight", 100)))).post("/api/v1/plans").then()
                .statusCode(201).extract().path("id");
        Api.withKey(coordinator).header("X-Request-Id", "oa-refused-0001").body(Api.map("action", "SUBMIT"))
                .post("/api/v1/plans/" + planId + "/transitions").then().statusCode(409);
        // recorded at the application's clock: three days on by it
        clock.stop().advance(Duration.ofDays(3));
        Instant at = clock.instant();
        try {
            Api.withKey(coordinator).header("X-Request-Id", "oa-refused-0002").body(Api.map("action", "APPROVE"))
                    .post("/api/v1/plans/" + planId + "/transitions").then().statusCode(403);
        } finally {
            clock.resume();
        }

        JsonPath refused = events("outcome=REFUSED&action=transitionPlan");
        List<Map<String, Object>> mine = refused.<Map<String, Object>>getList("items").stream()
                .filter(e -> "oa-refused-0001".equals(e.get("requestId"))).toList();
        assertEquals(1, mine.size());
        assertEquals(409, mine.get(0).get("status"));
        assertTrue(((String) mine.get(0).get("detail")).contains("SUBMIT is refused"));
        assertEquals(unit.toString(), mine.get(0).get("unitId"));
        Map<String, Object> forbidden = refused.<Map<String, Object>>getList("items").stream()
                .filter(e -> "oa-refused-0002".equals(e.get("requestId"))).findFirst().orElseThrow();
        assertEquals(403, forbidden.get("status"));
        Instant recorded = OffsetDateTime.parse((String) forbidden.get("occurredAt")).toInstant();
        // PostgreSQL keeps microseconds, rounded
        assertTrue(Duration.between(at, recorded).abs().compareTo(Duration.of(1, ChronoUnit.MICROS)) <= 0, recorded + " is not " + at);

        Api.raw("kp_notakey_0123456789").header("X-Request-Id", "oa-login-0001").get("/api/v1/units").then().statusCode(401);
        JsonPath failed = events("outcome=FAILED_LOGIN");
        Map<String, Object> login = failed.<Map<String, Object>>getList("items").stream()
                .filter(e -> "oa-login-0001".equals(e.get("requestId"))).findFirst().orElseThrow();
        assertEquals("api-key:kp_nota…", login.get("actor"), "the key's first characters, never the key");
        assertEquals(401, login.get("status"));
    }

    @Test
    void onlyAnAuditorReadsTheTrail() {
        for (String role : List.of("ADMIN", "EVALUATOR", "UNIT_COORDINATOR", "ASSESSOR", "RESPONSIBLE")) {
            Api.withKey(role.equals("ASSESSOR") ? assessorKey(newPerson("评分人", newUnit("考评组")))
                    : role.equals("RESPONSIBLE") ? responsibleKey(newUnit("某单位"))
                    : newKey(Set.of(role), role.equals("ADMIN") || role.equals("EVALUATOR") ? null : newUnit("某单位")))
                    .get("/api/v1/audit-events").then().statusCode(403);
        }
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?size=5").then().statusCode(200)
                .body("items", not(org.hamcrest.Matchers.empty())).body("total", greaterThan(0))
                .body("items.outcome", everyItem(org.hamcrest.Matchers.oneOf("SUCCESS", "REFUSED", "FAILED_LOGIN")));
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/plans").then().statusCode(403);
        Api.raw(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?from=yesterday").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("from"));
        Api.raw(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?outcome=MAYBE").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.contains("outcome"));
    }

    @Test
    void theApplicationsOwnDatabaseRoleCannotRewriteTheTrail() throws Exception {
        newUnit("晋江市档案馆"); // at least one fresh row
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            assertThrows(SQLException.class, () -> s.executeUpdate("update audit_events set actor = 'someone else'"));
            assertThrows(SQLException.class, () -> s.executeUpdate("delete from audit_events"));
            assertThrows(SQLException.class, () -> s.executeUpdate("truncate audit_events"));
            // nor can it switch the guards off, or make itself someone who could
            assertThrows(SQLException.class, () -> s.executeUpdate("alter table audit_events disable trigger audit_events_append_only"));
            assertThrows(SQLException.class, () -> s.executeUpdate("alter table audit_events disable trigger all"));
            assertThrows(SQLException.class, () -> s.executeUpdate("drop trigger audit_events_no_truncate on audit_events"));
            assertThrows(SQLException.class, () -> s.executeUpdate("alter role current_user superuser"));
            var role = s.executeQuery("select rolsuper, rolcreaterole from pg_roles where rolname = current_user");
            role.next();
            assertFalse(role.getBoolean(1) || role.getBoolean(2), "the application's role is an ordinary one");
            // a row whose retention has passed is the only one that may go, and the daily purge removes it
            s.executeUpdate("insert into audit_events (action, outcome, retain_until, occurred_at) "
                    + "values ('old', 'SUCCESS', now() - interval '1 day', now() - interval '3 years')");
        }
        log.purge();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            var rows = s.executeQuery("select count(*) from audit_events where action = 'old'");
            rows.next();
            assertEquals(0, rows.getInt(1));
            var kept = s.executeQuery("select count(*) from audit_events where retain_until > now() + interval '1094 days'");
            kept.next();
            assertTrue(kept.getInt(1) > 0, "new rows are kept for three years");
        }
    }

    @Test
    void anImportIsRecordedRowByRow() {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市导入审计单位");
        String planId = new kaoping.support.Multipart().file("file", "jinjiang-2021.csv", Api.resource("jinjiang-2021.csv")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).field("unitId", unit.toString()).field("year", "2021")
                .request(editor).post("/api/v1/plans/import").then().statusCode(201).extract().path("planId");
        JsonPath trail = events("planId=" + planId + "&action=importPlan");
        assertTrue(trail.getInt("total") > 54 + 54, "the plan, its nodes and its assignments: " + trail.getInt("total"));
        assertTrue(trail.getList("items.entityType").contains("assignments"));
        // newest first: the last page starts with the plan and its nodes
        JsonPath oldest = events("planId=" + planId + "&action=importPlan&page=" + (trail.getInt("total") - 1) / 200);
        assertTrue(oldest.getList("items.entityType").containsAll(List.of("plans", "indicators")));
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?entityId=" + planId).then()
                .body("items.change", hasItem("CREATE")).body("items.action", everyItem(equalTo("importPlan")));
    }
}

package kaoping.supervision;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import kaoping.web.Clocks;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;
import kaoping.support.TestClock;

@QuarkusTest
class SupervisionTest extends ApiTest {
    @Inject
    TestClock clock;
    @Inject
    FindingJobs jobs;
    @Inject
    AgroalDataSource db;

    @AfterEach
    void realTime() {
        clock.resume();
    }

    /** The clock stands at this moment in Asia/Shanghai, e.g. "2026-12-10T00:00:00". */
    private void at(String shanghai) {
        Instant target = OffsetDateTime.parse(shanghai + "+08:00").toInstant();
        clock.stop();
        clock.advance(Duration.between(clock.instant(), target));
    }

    /** A unit with a department, people, a published 2-target plan, an evidence file and the keys that act on it. */
    record Setup(UUID unit, UUID plan, String leaf, UUID department, UUID owner, UUID leader, UUID head, UUID evidence,
                 String issuer, String verifier, String coordinator) {
    }

    private static Setup setup(String scoringRules) {
        UUID unit = newUnit("晋江市生态环境局");
        UUID department = UUID.fromString(Api.admin().body(Api.map("name", "污防科", "kind", "DEPARTMENT", "parentId", unit))
                .post("/api/v1/units").then().statusCode(201).extract().path("id"));
        UUID plan = newPlan("""
                {"title": "考评表", "year": 2026, "unitId": "%s", %s "indicators": [
                  {"code": "1", "name": "实施20个大气减排治理项目", "weight": 60},
                  {"code": "2", "name": "推进生态文明试验", "weight": 40}]}""".formatted(unit,
                scoringRules == null ? "" : "\"scoringRules\": " + scoringRules + ","));
        String leaf = Api.withKey(evaluatorKey()).get("/api/v1/plans/" + plan + "/indicators").then().extract()
                .path("indicators[0].id");
        setStatus(plan, PlanStatus.PUBLISHED);
        String coordinator = newKey(Set.of("UNIT_COORDINATOR"), unit);
        UUID evidence = UUID.fromString(new Multipart().file("file", "整改报告.pdf",
                        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1))
                .request(coordinator).post("/api/v1/plans/" + plan + "/indicators/" + leaf + "/evidence").then()
                .statusCode(201).extract().path("id"));
        return new Setup(unit, plan, leaf, department, newPerson("周明", unit), newPerson("分管副局长", unit),
                newPerson("局长", unit), evidence, evaluatorKey(), evaluatorKey(), coordinator);
    }

    private static Map<String, Object> finding(Setup s, String title, String deadline) {
        return Api.map("title", title, "severity", "MODERATE", "ownerPersonId", s.owner(), "ownerDepartmentId",
                s.department(), "leaderPersonId", s.leader(), "deadline", deadline);
    }

    private static ValidatableResponse inspect(Setup s, List<Map<String, Object>> findings) {
        return Api.withKey(s.issuer()).body(Api.map("planId", s.plan(), "kind", "SPOT_CHECK", "title", "2026年下半年随机抽查",
                "inspectedOn", "2026-11-30", "unitHeadPersonId", s.head(), "findings", findings)).post("/api/v1/inspections").then();
    }

    private static String issue(Setup s, String title, String deadline) {
        return inspect(s, List.of(finding(s, title, deadline))).statusCode(201).extract().path("findings[0].id");
    }

    private static ValidatableResponse step(String key, String finding, Object... fields) {
        Map<String, Object> body = Api.map(fields);
        return Api.withKey(key).body(body).post("/api/v1/findings/" + finding + "/steps").then();
    }

    private static ValidatableResponse get(String key, String finding) {
        return Api.withKey(key).get("/api/v1/findings/" + finding).then().statusCode(200);
    }

    @Test
    void anInspectionRecordsAllItsFindingsOrNoneAndOnceUnderOneKey() {
        Setup s = setup(null);
        String other = newPerson("外单位人员", newUnit("晋江市农业农村局")).toString();
        var bad = finding(s, "信访件超期未办结", "2026-11-01");
        var stranger = finding(s, "扬尘治理台账不全", "2026-12-31");
        stranger.put("ownerPersonId", other);
        stranger.put("evidenceIds", List.of(UUID.randomUUID()));
        inspect(s, List.of(finding(s, "整改一", "2026-12-31"), stranger, bad)).statusCode(422)
                .body("errors.field", hasItems("findings[1].ownerPersonId", "findings[1].evidenceIds[0]",
                        "findings[2].deadline"));
        Api.withKey(s.issuer()).get("/api/v1/findings?planId=" + s.plan()).then().statusCode(200).body("total", equalTo(0));

        Map<String, Object> body = Api.map("planId", s.plan(), "kind", "SUPERVISION", "title", "半年督查",
                "inspectedOn", "2026-11-30", "findings", List.of(finding(s, "整改一", "2026-12-31"),
                        finding(s, "整改二", "2027-01-15")));
        String id = Api.withKey(s.issuer()).header("Idempotency-Key", "insp-1").body(body).post("/api/v1/inspections")
                .then().statusCode(201).body("findings.status", equalTo(List.of("ISSUED", "ISSUED")))
                .body("findings[0].allowedActions", equalTo(List.of("START", "REQUEST_EXTENSION")))
                .body("deduction.perFinding", equalTo(0.3f)).extract().path("id");
        Api.withKey(s.issuer()).header("Idempotency-Key", "insp-1").body(body).post("/api/v1/inspections").then()
                .statusCode(201).header("Idempotent-Replayed", "true").body("id", equalTo(id));
        Api.withKey(s.issuer()).get("/api/v1/findings?planId=" + s.plan()).then().body("total", equalTo(2));
        Api.withKey(s.coordinator()).get("/api/v1/inspections/" + id).then().statusCode(200)
                .body("findings.title", equalTo(List.of("整改一", "整改二")));
        Api.withKey(newKey(Set.of("UNIT_COORDINATOR"), newUnit("其他单位"))).get("/api/v1/inspections/" + id).then()
                .statusCode(404);

        setStatus(s.plan(), PlanStatus.DRAFT);
        inspect(s, List.of(finding(s, "草稿期间", "2026-12-31"))).statusCode(409);
    }

    @Test
    void everyStepOfAFindingAndEveryIllegalOneNamingTheAllowed() {
        Setup s = setup(null);
        String f = issue(s, "扬尘治理台账不全", "2026-12-31");
        step(s.issuer(), f, "action", "CLOSE").statusCode(409)
                .body("errors[0].message", equalTo("allowed: START, REQUEST_EXTENSION"));
        step(s.coordinator(), f, "action", "REQUEST_CLOSURE", "report", "已整改", "evidenceIds", List.of(s.evidence()))
                .statusCode(409);
        step(s.coordinator(), f, "action", "START", "reason", "多余").statusCode(422).body("errors[0].field", equalTo("reason"));
        step(s.coordinator(), f, "action", "START").statusCode(200).body("status", equalTo("IN_RECTIFICATION"));
        step(s.coordinator(), f, "action", "START").statusCode(409);
        step(s.coordinator(), f, "action", "REQUEST_CLOSURE", "report", "已整改").statusCode(422)
                .body("errors[0].field", equalTo("evidenceIds"));
        step(s.coordinator(), f, "action", "REQUEST_CLOSURE", "report", " ", "evidenceIds", List.of(UUID.randomUUID()))
                .statusCode(422).body("errors.field", equalTo(List.of("report", "evidenceIds[0]")));
        step(s.coordinator(), f, "action", "REQUEST_CLOSURE", "report", "已补建台账", "evidenceIds", List.of(s.evidence()))
                .statusCode(200).body("status", equalTo("CLOSURE_REQUESTED"))
                .body("allowedActions", equalTo(List.of("CLOSE", "RETURN")));
        step(s.coordinator(), f, "action", "CLOSE").statusCode(403);
        step(s.issuer(), f, "action", "RETURN").statusCode(422).body("errors[0].field", equalTo("reason"));
        step(s.issuer(), f, "action", "RETURN", "reason", "缺少6月份巡查记录").statusCode(200)
                .body("status", equalTo("IN_RECTIFICATION"));
        // an evaluator enters the unit's paper request: someone else verifies it
        step(s.issuer(), f, "action", "REQUEST_CLOSURE", "report", "补齐巡查记录", "evidenceIds", List.of(s.evidence()))
                .statusCode(200);
        step(s.issuer(), f, "action", "CLOSE").statusCode(403).body("detail", containsString("other than its requester"));
        Api.withKey(s.verifier()).header("If-Match", "\"1\"").body(Api.map("action", "CLOSE"))
                .post("/api/v1/findings/" + f + "/steps").then().statusCode(412);
        step(s.verifier(), f, "action", "CLOSE").statusCode(200).body("status", equalTo("CLOSED"))
                .body("allowedActions", equalTo(List.of())).body("closedOn", equalTo(Clocks.today(clock).toString()));
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2027-03-01", "reason", "x").statusCode(409)
                .body("errors[0].message", equalTo("allowed: none"));

        Api.withKey(s.coordinator()).get("/api/v1/findings/" + f + "/history").then().statusCode(200)
                .body("items.action", equalTo(List.of("ISSUE", "START", "REQUEST_CLOSURE", "RETURN", "REQUEST_CLOSURE", "CLOSE")))
                .body("items.to", equalTo(List.of("ISSUED", "IN_RECTIFICATION", "CLOSURE_REQUESTED", "IN_RECTIFICATION",
                        "CLOSURE_REQUESTED", "CLOSED")))
                .body("items[3].reason", equalTo("缺少6月份巡查记录"));
        String auditor = newKey(Set.of("AUDITOR"), null);
        Api.withKey(auditor).get("/api/v1/audit-events?entityId=" + f + "&size=200").then().statusCode(200)
                .body("items.action", hasItems("createInspection", "stepFinding"));
        assertEquals("6", selectOne(db, "select count(*)::text from audit_events a join finding_steps s on a.entity_id = "
                + "s.id::text where s.finding_id = ?::uuid", f), "every step of the history is in the audit trail");
    }

    @Test
    void anExtensionIsAskedBeforeTheDeadlineAndDecidedByTheIssuerKeepingTheOriginal() {
        Setup s = setup(null);
        at("2026-12-10T10:00:00");
        String f = issue(s, "信访件超期未办结", "2026-12-15");
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2026-12-15", "reason", "等待检测报告")
                .statusCode(422).body("errors[0].field", equalTo("newDeadline"));
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2026-12-31").statusCode(422)
                .body("errors[0].field", equalTo("reason"));
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2026-12-31", "reason", "等待检测报告")
                .statusCode(200).body("extensionRequest.newDeadline", equalTo("2026-12-31"))
                .body("allowedActions", equalTo(List.of("START", "GRANT_EXTENSION", "REFUSE_EXTENSION")));
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2027-01-31", "reason", "再延").statusCode(409);
        step(s.verifier(), f, "action", "GRANT_EXTENSION").statusCode(403).body("detail", containsString("issued"));
        step(s.coordinator(), f, "action", "GRANT_EXTENSION").statusCode(403);
        step(s.issuer(), f, "action", "REFUSE_EXTENSION").statusCode(422);
        step(s.issuer(), f, "action", "GRANT_EXTENSION").statusCode(200).body("deadline", equalTo("2026-12-31"))
                .body("originalDeadline", equalTo("2026-12-15")).body("extensionRequest", nullValue());
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2027-01-31", "reason", "再延").statusCode(200);
        step(s.issuer(), f, "action", "REFUSE_EXTENSION", "reason", "不予延期").statusCode(200)
                .body("deadline", equalTo("2026-12-31"));
        Api.withKey(s.issuer()).get("/api/v1/findings/" + f + "/history").then()
                .body("items.action", equalTo(List.of("ISSUE", "REQUEST_EXTENSION", "GRANT_EXTENSION", "REQUEST_EXTENSION",
                        "REFUSE_EXTENSION")))
                .body("items[2].deadlineBefore", equalTo("2026-12-15")).body("items[2].deadlineAfter", equalTo("2026-12-31"));

        at("2026-12-31T23:59:59"); // the last day: still in time
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2027-01-31", "reason", "再延").statusCode(200);
        step(s.issuer(), f, "action", "REFUSE_EXTENSION", "reason", "不予延期").statusCode(200);
        at("2027-01-01T00:00:00");
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2027-01-31", "reason", "再延").statusCode(409)
                .body("detail", containsString("overdue")).body("errors[0].message", equalTo("allowed: START"));
    }

    @Test
    void aPendingExtensionKeepsTheFindingUnsettledUntilTheIssuerDecides() {
        Setup s = setup(null);
        at("2026-12-10T10:00:00");
        String f = issue(s, "排污许可证未按期延续", "2026-12-15");
        step(s.coordinator(), f, "action", "REQUEST_EXTENSION", "newDeadline", "2026-12-31", "reason", "等待审批")
                .statusCode(200);
        at("2026-12-20T10:00:00"); // past the deadline, the request asked in time still undecided: nothing is late yet
        jobs.run(clock);
        jobs.run(clock);
        get(s.coordinator(), f).body("deduction", nullValue());
        step(s.issuer(), f, "action", "GRANT_EXTENSION").statusCode(200).body("deadline", equalTo("2026-12-31"));
        jobs.run(clock);
        get(s.coordinator(), f).body("deduction", nullValue()).body("overdue", equalTo(false));
    }

    @Test
    void everyRecordOfAFindingNamesThePersonItsKeyActsAs() {
        Setup s = setup(null);
        UUID inspector = newPerson("陈督查", newEvaluatingBody("晋江市效能办"));
        String issuer = personKey("EVALUATOR", inspector);
        String coordinator = Api.admin().body(Api.map("name", "生态环境局联络员", "roles", Set.of("UNIT_COORDINATOR"),
                "unitId", s.unit(), "personId", s.owner())).post("/api/v1/api-keys").then().statusCode(201)
                .extract().<String>path("key");
        Setup mine = new Setup(s.unit(), s.plan(), s.leaf(), s.department(), s.owner(), s.leader(), s.head(), s.evidence(),
                issuer, s.verifier(), coordinator);
        String inspection = inspect(mine, List.of(finding(mine, "扬尘治理台账不全", "2026-12-31"))).statusCode(201)
                .body("issuedBy.kind", equalTo("PERSON")).body("issuedBy.id", equalTo(inspector.toString()))
                .body("issuedBy.name", equalTo("陈督查")).body("findings[0].issuedBy.name", equalTo("陈督查"))
                .extract().path("id");
        String f = Api.withKey(issuer).get("/api/v1/inspections/" + inspection).then().extract().path("findings[0].id");
        step(coordinator, f, "action", "REQUEST_EXTENSION", "newDeadline", "2027-01-31", "reason", "等待检测报告").statusCode(200)
                .body("extensionRequest.requestedBy.kind", equalTo("PERSON"))
                .body("extensionRequest.requestedBy.name", equalTo("周明"));
        // the issuer decides, whoever it acts as; a key of no person shows the key's name
        step(s.issuer(), f, "action", "GRANT_EXTENSION").statusCode(403).body("detail", containsString("陈督查"));
        step(issuer, f, "action", "GRANT_EXTENSION").statusCode(200);
        step(coordinator, f, "action", "START").statusCode(200);
        step(coordinator, f, "action", "REQUEST_CLOSURE", "report", "已补建台账", "evidenceIds", List.of(s.evidence()))
                .statusCode(200).body("closureRequestedBy.kind", equalTo("PERSON"))
                .body("closureRequestedBy.id", equalTo(s.owner().toString())).body("closureRequestedBy.name", equalTo("周明"));
        step(issuer, f, "action", "RETURN", "reason", "缺少巡查记录").statusCode(200);
        // a paper request entered by the inspector is verified by someone else, not by another key of the same person
        step(issuer, f, "action", "REQUEST_CLOSURE", "report", "补齐巡查记录", "evidenceIds", List.of(s.evidence()))
                .statusCode(200);
        step(personKey("EVALUATOR", inspector), f, "action", "CLOSE").statusCode(403)
                .body("detail", containsString("other than its requester"));
        step(s.verifier(), f, "action", "CLOSE").statusCode(200);

        Api.withKey(coordinator).get("/api/v1/findings/" + f + "/history").then().statusCode(200)
                .body("items.actor.name", equalTo(List.of("陈督查", "周明", "陈督查", "周明", "周明", "陈督查", "陈督查", "test key")))
                .body("items.actor.kind", equalTo(List.of("PERSON", "PERSON", "PERSON", "PERSON", "PERSON", "PERSON", "PERSON",
                        "API_KEY")));
        Api.withKey(newKey(Set.of("AUDITOR"), null)).get("/api/v1/audit-events?entityId=" + f + "&size=200").then()
                .statusCode(200)
                .body("items.find { it.change == 'CREATE' }.after.issuedBy.name", equalTo("陈督查"))
                .body("items.findAll { it.after?.closureRequestedBy != null }.after.closureRequestedBy.kind",
                        hasItems("PERSON"))
                .body("items.findAll { it.after?.requestedBy != null }.after.requestedBy.name", hasItems("周明"));
    }

    private int events(String type, String finding) {
        return Integer.parseInt(selectOne(db, "select count(*)::text from events where type = '" + type
                + "' and subject = ?", "findings/" + finding));
    }

    @Test
    void overdueAndWarningsFollowTheDayInShanghaiAndEachLevelIsPublishedOnceToWiderRecipients() {
        Setup s = setup(null);
        at("2026-12-01T09:00:00");
        String f = issue(s, "污水管网破损未修复", "2026-12-20");
        assertEquals(1, events("kaoping.finding.issued", f));
        String list = "/api/v1/findings?planId=" + s.plan() + "&warning=";

        at("2026-12-09T23:59:59"); // 11 days left
        get(s.coordinator(), f).body("warning", equalTo("NONE")).body("daysLeft", equalTo(11));
        jobs.run(clock);
        assertEquals(0, events("kaoping.finding.warning", f));
        at("2026-12-10T00:00:00"); // 10 days left: YELLOW from the first second of the day in Shanghai (16:00 UTC before)
        get(s.coordinator(), f).body("warning", equalTo("YELLOW")).body("overdue", equalTo(false));
        Api.withKey(s.issuer()).get(list + "YELLOW").then().body("total", equalTo(1));
        Api.withKey(s.issuer()).get(list + "NONE").then().body("total", equalTo(0));
        jobs.run(clock);
        jobs.run(clock);
        assertEquals(1, events("kaoping.finding.warning", f), "a second run publishes nothing");
        String yellow = selectOne(db, "select data::text from events where type = 'kaoping.finding.warning' and subject = ?",
                "findings/" + f);
        assertTrue(yellow.contains("\"YELLOW\"") && yellow.contains("OWNER") && yellow.contains("LEADER")
                && !yellow.contains("UNIT_HEAD"), yellow);

        at("2026-12-20T23:59:59"); // the deadline's last second
        get(s.coordinator(), f).body("overdue", equalTo(false)).body("daysLeft", equalTo(0)).body("warning", equalTo("YELLOW"));
        jobs.run(clock);
        assertEquals(1, events("kaoping.finding.warning", f));
        get(s.coordinator(), f).body("deduction", nullValue());
        at("2026-12-21T00:00:00"); // 2026-12-20T16:00Z: overdue in Shanghai although it is still the 20th in UTC
        get(s.coordinator(), f).body("overdue", equalTo(true)).body("daysOverdue", equalTo(1)).body("warning", equalTo("RED"));
        Api.withKey(s.issuer()).get(list + "RED&overdue=true").then().body("total", equalTo(1));
        Api.withKey(s.issuer()).get(list + "YELLOW").then().body("total", equalTo(0));
        jobs.run(clock);
        jobs.run(clock);
        assertEquals(2, events("kaoping.finding.warning", f), "RED published once");
        String red = selectOne(db, "select data::text from events where type = 'kaoping.finding.warning' and subject = ? "
                + "and data ->> 'level' = 'RED'", "findings/" + f);
        assertTrue(red.contains("OWNER") && red.contains("LEADER") && red.contains("UNIT_HEAD") && red.contains("局长"), red);
        get(s.coordinator(), f).body("deduction.points", equalTo(0.5f)); // overdue: settled, 0.3 + 0.2 late
        Api.withKey(s.issuer()).get("/api/v1/plans/" + s.plan() + "/adjustments").then().body("total", equalTo(1));
    }

    @Test
    void aLateClosuresDeductionIsAppliedOnceCappedAndNamedInTheScore() {
        Setup s = setup("{\"deductionCap\": 1}");
        at("2026-12-01T09:00:00");
        String late = issue(s, "危废仓库标识不全", "2026-12-10");
        step(s.coordinator(), late, "action", "START").statusCode(200);
        at("2026-12-12T10:00:00");
        step(s.coordinator(), late, "action", "REQUEST_CLOSURE", "report", "已整改", "evidenceIds", List.of(s.evidence()))
                .statusCode(200);
        step(s.issuer(), late, "action", "CLOSE").statusCode(200).body("daysOverdue", equalTo(2))
                .body("deduction.points", equalTo(0.5f));
        jobs.run(clock);
        jobs.run(clock); // the job run twice applies nothing more
        String plan = "/api/v1/plans/" + s.plan();
        Api.withKey(s.issuer()).get(plan + "/adjustments").then().body("total", equalTo(1))
                .body("items[0].findingId", equalTo(late)).body("items[0].points", equalTo(0.5f));
        Api.withKey(s.issuer()).get(plan + "/score").then().statusCode(200).body("deductionApplied", equalTo(0.5f))
                .body("adjustments[0].findingId", equalTo(late))
                .body("adjustments[0].reason", containsString("危废仓库标识不全"))
                .body("adjustments[0].reason", containsString(late)).body("adjustments[0].reason", containsString("逾期2天"));

        // a repeat of it, still open past its deadline: 0.3 + 0.2 late + 0.3 repeated, once; the plan caps the sum at 1
        var repeat = finding(s, "危废仓库标识再次不全", "2026-12-15");
        repeat.put("repeatOf", late);
        inspect(s, List.of(repeat)).statusCode(201);
        at("2026-12-16T00:00:00");
        jobs.run(clock);
        jobs.run(clock);
        Api.withKey(s.issuer()).get(plan + "/adjustments").then().body("total", equalTo(2))
                .body("items[1].points", equalTo(0.8f));
        Api.withKey(s.issuer()).get(plan + "/score").then().body("deductionApplied", equalTo(1));

        setStatus(s.plan(), PlanStatus.EVALUATION);
        String adjustment = Api.withKey(s.issuer()).get(plan + "/adjustments").then().extract().path("items[0].id");
        Api.withKey(s.issuer()).delete(plan + "/adjustments/" + adjustment).then().statusCode(409);
    }

    @Test
    void theLedgerExportsAsCsvAndXlsxWithHostileNamesKeptAsText() throws Exception {
        Setup s = setup(null);
        at("2026-12-01T09:00:00");
        UUID owner = newPerson("@王五", s.unit());
        String title = "=HYPERLINK(\"http://x\",\"点我\")";
        String tricky = "台账,不全 \"三处\"\n另有一处";
        var first = finding(s, title, "2026-12-10");
        first.put("ownerPersonId", owner);
        String open = inspect(s, List.of(first, finding(s, tricky, "2026-12-31"))).statusCode(201)
                .extract().path("findings[0].id");
        at("2026-12-13T08:00:00");

        String csv = Api.withKey(s.coordinator()).get("/api/v1/rectification-ledger?format=csv&planId=" + s.plan()).then()
                .statusCode(200).contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals("\uFEFF编号,问题,单位,责任人,责任科室,整改期限,原定期限,状态,逾期天数,销号日期", lines[0]);
        assertEquals(open + ",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\",晋江市生态环境局,'@王五,污防科,2026-12-10,2026-12-10,交办,3,",
                lines[1]);
        assertTrue(csv.contains(",\"台账,不全 \"\"三处\"\"\n另有一处\",晋江市生态环境局,周明,污防科,2026-12-31,2026-12-31,交办,0,"),
                csv);

        byte[] xlsx = Api.withKey(s.coordinator()).get("/api/v1/rectification-ledger?planId=" + s.plan()).then()
                .statusCode(200).header("Content-Disposition", containsString(".xlsx")).extract().asByteArray();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = book.getSheet("整改台账");
            Row row = sheet.getRow(1);
            assertEquals(CellType.STRING, row.getCell(1).getCellType(), "a leading = stays text");
            assertEquals(title, row.getCell(1).getStringCellValue());
            assertEquals("@王五", row.getCell(3).getStringCellValue());
            assertEquals("2026-12-10", row.getCell(5).getLocalDateTimeCellValue().toLocalDate().toString());
            assertEquals(3, (int) row.getCell(8).getNumericCellValue());
            assertEquals(tricky, sheet.getRow(2).getCell(1).getStringCellValue());
            assertEquals(3, sheet.getPhysicalNumberOfRows());
        }
        Api.withKey(newKey(Set.of("UNIT_COORDINATOR"), newUnit("其他单位"))).get("/api/v1/rectification-ledger?format=csv")
                .then().statusCode(200).body(equalTo("\uFEFF编号,问题,单位,责任人,责任科室,整改期限,原定期限,状态,逾期天数,销号日期\r\n"));
    }
}

package kaoping.sheet;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import kaoping.api.model.PlanStatus;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;

@QuarkusTest
class SheetTest extends ApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/fixtures", name));
    }

    private static ValidatableResponse importTable(String key, UUID unit, String filename, byte[] bytes, boolean dryRun) {
        return new Multipart().file("file", filename, bytes).field("unitId", unit.toString()).field("year", "2021")
                .field("dryRun", String.valueOf(dryRun)).request(key).post("/api/v1/plans/import").then();
    }

    /** The tree as stored, without ids, versions, counts and scoring defaults: what a table carries. */
    private static JsonNode tree(String key, String planId) throws IOException {
        JsonNode tree = JSON.readTree(Api.withKey(key).get("/api/v1/plans/" + planId + "/indicators").asString());
        ArrayNode roots = (ArrayNode) tree.get("indicators");
        roots.forEach(SheetTest::strip);
        return roots;
    }

    private static void strip(JsonNode node) {
        ObjectNode n = (ObjectNode) node;
        n.remove(List.of("id", "version", "evidenceCount", "scoring"));
        if (n.has("assignments")) {
            n.get("assignments").forEach(a -> ((ObjectNode) a).remove(List.of("personId", "departmentId")));
        }
        if (n.has("children")) {
            n.get("children").forEach(SheetTest::strip);
        }
    }

    private static JsonNode fixtureTree() throws IOException {
        ArrayNode roots = (ArrayNode) JSON.readTree(fixture("jinjiang-2021-plan.json")).get("indicators");
        return roots;
    }

    /** The tree without assignments, for comparing with the fixture plan that has none. */
    private static JsonNode withoutAssignments(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        copy.forEach(SheetTest::dropAssignments);
        return copy;
    }

    private static void dropAssignments(JsonNode node) {
        ((ObjectNode) node).remove("assignments");
        if (node.has("children")) {
            node.get("children").forEach(SheetTest::dropAssignments);
        }
    }

    @Test
    void thePublishedXlsxAndCsvGiveTheWholePlanWithItsResponsibilities() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("泉州市晋江生态环境局");
        var report = importTable(editor, unit, "jinjiang-2021.xlsx", fixture("jinjiang-2021.xlsx"), false).statusCode(201)
                .header("Location", containsString("/api/v1/plans/")).body("leaves", equalTo(54))
                .body("levels.level1", equalTo(2)).body("levels.level2", equalTo(8))
                .body("title", equalTo("2021年度泉州市晋江生态环境局绩效管理目标考评表"))
                .body("createdDepartments.name", hasItem("执法大队")).body("createdPeople.name", hasItem("林建国"))
                .body("warnings", org.hamcrest.Matchers.empty()).extract();
        String planId = report.path("planId");
        // the created people and departments come with their ids: a screen links to them without a search by name
        String lin = report.path("createdPeople.find { it.name == '林建国' }.id");
        Api.withKey(editor).get("/api/v1/people/" + lin).then().statusCode(200).body("name", equalTo("林建国"))
                .body("unitId", equalTo(unit.toString()));
        String team = report.path("createdDepartments.find { it.name == '执法大队' }.id");
        Api.withKey(editor).get("/api/v1/units/" + team).then().statusCode(200).body("name", equalTo("执法大队"));
        JsonNode tree = tree(editor, planId);
        assertEquals(fixtureTree(), withoutAssignments(tree), "the tree of the published table");
        List<Integer> level2 = new ArrayList<>();
        tree.forEach(l1 -> l1.get("children").forEach(l2 -> level2.add(l2.get("weight").asInt())));
        assertEquals(List.of(40, 20, 5, 7, 7, 7, 7, 7), level2);
        JsonNode target = tree.get(0).get("children").get(0).get("children").get(8).get("children").get(1);
        assertEquals("1-9 b", target.get("code").asText());
        Map<String, Integer> roles = new java.util.TreeMap<>();
        target.get("assignments").forEach(a -> roles.merge(a.get("role").asText(), 1, Integer::sum));
        assertEquals(Map.of("LEADER", 3, "DEPARTMENT", 4, "PERSON", 4), roles);
        assertEquals("LEAD", target.get("assignments").get(0).get("responsibility").asText());

        // the CSV of the same table gives the same plan; names now exist, so nothing is created
        UUID again = newUnit("泉州市晋江生态环境局（CSV）");
        String csvPlan = importTable(editor, again, "jinjiang-2021.csv", fixture("jinjiang-2021.csv"), false)
                .statusCode(201).extract().path("planId");
        assertEquals(fixtureTree(), withoutAssignments(tree(editor, csvPlan)));

        // the collective entries of the table are not free text
        Api.withKey(editor).get("/api/v1/plans/" + planId + "/responsibility-matrix").then().statusCode(200)
                .body("collective[0].collective", equalTo("ALL_DEPARTMENT_HEADS"));
    }

    @Test
    void aDryRunReportsAndStoresNothing() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市生态环境局（试导入）");
        importTable(editor, unit, "jinjiang-2021.xlsx", fixture("jinjiang-2021.xlsx"), true).statusCode(200)
                .body("dryRun", equalTo(true)).body("leaves", equalTo(54)).body("planId", equalTo(null))
                .body("createdPeople.name", hasItem("林建国")).body("createdPeople.id", everyItem(nullValue()))
                .body("warnings[0].row", equalTo(2)).body("warnings[0].message", containsString("泉州市晋江生态环境局"));
        Api.withKey(editor).get("/api/v1/plans?unitId=" + unit).then().body("total", equalTo(0));
        Api.admin().get("/api/v1/people?unitId=" + unit).then().body("total", equalTo(0));
    }

    @Test
    void aDryRunReportsTheExistingPlanWithEverythingElse() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市已有方案单位");
        String planId = importTable(editor, unit, "jinjiang-2021.csv", fixture("jinjiang-2021.csv"), false).statusCode(201)
                .extract().path("planId");
        importTable(editor, unit, "jinjiang-2021.csv", fixture("jinjiang-2021.csv"), true).statusCode(200)
                .body("existingPlanId", equalTo(planId)).body("leaves", equalTo(54));
        String wrong = new String(fixture("jinjiang-2021.csv"), StandardCharsets.UTF_8).replaceFirst("(相关工作,)2,", "$13,");
        importTable(editor, unit, "考评表.csv", wrong.getBytes(StandardCharsets.UTF_8), true).statusCode(422)
                .body("rows[0].message", containsString(planId))
                .body("rows.message", hasItem("重点工作目标 is 40 points, its targets add up to 41"));
        importTable(editor, unit, "jinjiang-2021.csv", fixture("jinjiang-2021.csv"), false).statusCode(409)
                .body("detail", containsString(planId));
    }

    @Test
    void anOldXlsIsImportedLikeAnXlsx() throws Exception {
        byte[] xls;
        try (org.apache.poi.hssf.usermodel.HSSFWorkbook book = new org.apache.poi.hssf.usermodel.HSSFWorkbook();
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            book.createSheet("填表说明").createRow(0).createCell(0).setCellValue("分值合计100分");
            Sheet sheet = book.createSheet("考评表");
            String[][] rows = {{"类别", "考核内容", "分值", "扣分标准", "责任科室"},
                    {"业务工作60分", "执法检查", "60", "每发现一次扣0.5分，扣完为止", "执法大队"},
                    {"机关建设40分", "作风建设", "40", "", "办公室"}};
            TestSheets.fill(sheet, rows);
            book.write(out);
            xls = out.toByteArray();
        }
        String editor = evaluatorKey();
        String planId = importTable(editor, newUnit("旧格式单位"), "考评表.xls", xls, false).statusCode(201)
                .body("leaves", equalTo(2)).body("levels.level1", equalTo(2)).extract().path("planId");
        JsonNode tree = tree(editor, planId);
        assertEquals("执法检查", tree.get(0).get("children").get(0).get("name").asText());
        // the 评分标准 is kept on its target as written, not only proposed
        assertEquals("每发现一次扣0.5分，扣完为止", tree.get(0).get("children").get(0).get("criteria").asText());
        assertTrue(tree.get(1).get("children").get(0).get("criteria") == null, "a blank 评分标准 is none");
    }

    @Test
    void gb18030AndShuffledColumnsReadTheSame() throws Exception {
        String editor = evaluatorKey();
        String csv = new String(fixture("jinjiang-2021.csv"), StandardCharsets.UTF_8);
        String planId = importTable(editor, newUnit("GB18030 单位"), "考评表.csv", csv.getBytes(Charset.forName("GB18030")), false)
                .statusCode(201).extract().path("planId");
        assertEquals(fixtureTree(), withoutAssignments(tree(editor, planId)));
        String shuffled = shuffleColumns(csv);
        String other = importTable(editor, newUnit("乱序单位"), "考评表.csv", shuffled.getBytes(StandardCharsets.UTF_8), false)
                .statusCode(201).extract().path("planId");
        assertEquals(tree(editor, planId).toString().replace("GB18030", ""), tree(editor, other).toString());
    }

    /** The columns in reverse order (a quoted cell may hold commas and line breaks, so parse, reverse, write). */
    private static String shuffleColumns(String csv) throws Exception {
        Grid grid = csvGrid(csv);
        StringBuilder out = new StringBuilder();
        for (Grid.Row row : grid.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 11; i >= 0; i--) {
                String v = row.cells().getOrDefault(i, "");
                cells.add("\"" + v.replace("\"", "\"\"") + "\"");
            }
            out.append(String.join(",", cells)).append("\r\n");
        }
        return out.toString();
    }

    private static Grid csvGrid(String csv) throws Exception {
        Path file = Files.createTempFile("table", ".csv");
        Files.writeString(file, csv);
        try {
            return SheetReader.read(file, ImportLimits.from(ConfigProvider.getConfig()));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void tablesThatCannotBeImportedAreNamedByRowAndColumn() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市错误单位");
        String csv = new String(fixture("jinjiang-2021.csv"), StandardCharsets.UTF_8);
        // one wrong weight: the second target of 1-1 gets 3 points instead of 2
        String wrong = csv.replaceFirst("(相关工作,)2,", "$13,");
        importTable(editor, unit, "考评表.csv", wrong.getBytes(StandardCharsets.UTF_8), false).statusCode(422)
                .body("type", equalTo("urn:kaoping:problem:table-invalid"))
                .body("rows.message", hasItem("重点工作目标 is 40 points, its targets add up to 41"))
                .body("rows.find { it.message.contains('重点工作目标') }.row", equalTo(2))
                .body("rows.find { it.message.contains('重点工作目标') }.column", equalTo("C"));
        String headless = csv.substring(csv.indexOf('\n') + 1);
        importTable(editor, unit, "考评表.csv", headless.getBytes(StandardCharsets.UTF_8), false).statusCode(422)
                .body("rows[0].message", containsString("no header row"));
        byte[] xlsx = fixture("jinjiang-2021.xlsx");
        importTable(editor, unit, "考评表.xlsx", Arrays.copyOf(xlsx, xlsx.length / 2), false).statusCode(422)
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("考评表.xlsx: the workbook cannot be read"));
        importTable(editor, unit, "考评表.xlsx", "%PDF-1.4\n\0\0binary".getBytes(StandardCharsets.ISO_8859_1), false)
                .statusCode(415);
        new Multipart().field("unitId", unit.toString()).field("year", "2021").request(editor).post("/api/v1/plans/import")
                .then().statusCode(400).body("errors.field", hasItem("file"));
        new Multipart().file("file", "考评表.csv", csv.getBytes(StandardCharsets.UTF_8)).field("unitId", unit.toString())
                .field("year", "二〇二一").request(editor).post("/api/v1/plans/import").then().statusCode(400)
                .body("errors.field", hasItem("year"));
        importTable(newKey(Set.of("UNIT_COORDINATOR"), newUnit("别的单位")), unit, "考评表.csv",
                csv.getBytes(StandardCharsets.UTF_8), false).statusCode(403);
        Api.withKey(editor).get("/api/v1/plans?unitId=" + unit).then().body("total", equalTo(0));
    }

    /** The fixture workbook with its sheet XML replaced. */
    private static byte[] withSheet(byte[] xlsx, byte[] sheet) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(xlsx));
             ZipOutputStream zip = new ZipOutputStream(out)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                zip.write(e.getName().equals("xl/worksheets/sheet1.xml") ? sheet : in.readAllBytes());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void zipBombsAndXmlEntitiesAreRefusedNotExpanded() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市安全测试单位");
        byte[] xlsx = fixture("jinjiang-2021.xlsx");
        // 200 MB of spaces inflate from a few hundred KB: far beyond POI's ratio limit
        byte[] bomb = new byte[200 * 1024 * 1024];
        Arrays.fill(bomb, (byte) ' ');
        importTable(editor, unit, "炸弹.xlsx", withSheet(xlsx, bomb), false).statusCode(422)
                .body("errors[0].message", containsString("cannot be read"));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&e;</t></is></c></row></sheetData></worksheet>";
        String answer = importTable(editor, unit, "实体.xlsx", withSheet(xlsx, xxe.getBytes(StandardCharsets.UTF_8)), false)
                .statusCode(422).extract().asString();
        assertTrue(!answer.contains("root:"), "the entity was not expanded");
    }

    @Test
    void exportThenImportGivesTheSameTreeAndAssignments() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市导出单位");
        String planId = importTable(editor, unit, "jinjiang-2021.xlsx", fixture("jinjiang-2021.xlsx"), false)
                .statusCode(201).extract().path("planId");
        String firstId = Api.withKey(editor).get("/api/v1/plans/" + planId + "/indicators").then().extract()
                .path("indicators[0].children[0].children[0].children[0].id");
        // a 评分标准 a spreadsheet could take for a formula, with commas, quotes and lines, goes out and back as written
        String criteria = "=每发现一次扣0.5分,扣完为止\n\"重大\"问题不得分";
        String target = "/api/v1/plans/" + planId + "/indicators/" + firstId;
        Api.withKey(editor).contentType("application/merge-patch+json")
                .header("If-Match", Api.withKey(editor).get(target).then().extract().header("ETag"))
                .body(Api.map("criteria", criteria)).patch(target).then()
                .statusCode(200).body("criteria", equalTo(criteria));
        JsonNode original = tree(editor, planId);
        // once the plan has scores, the table gains the self score and the score of each target
        String first = original.get(0).get("children").get(0).get("children").get(0).get("children").get(0).get("code").asText();
        setStatus(UUID.fromString(planId), PlanStatus.SELF_ASSESSMENT);
        Api.withKey(newKey(Set.of("UNIT_COORDINATOR"), unit)).body(Api.map("score", 1.5))
                .put("/api/v1/plans/" + planId + "/indicators/" + firstId + "/self-assessment").then().statusCode(201);
        assertEquals("1-1 a", first);
        // the results a bureau files: the adjustments with their reasons, the final score, the grade, the rank
        setStatus(UUID.fromString(planId), PlanStatus.EVALUATION);
        Api.withKey(editor).body(Api.map("kind", "BONUS", "points", 1.5, "reason", "获省级表彰"))
                .post("/api/v1/plans/" + planId + "/adjustments").then().statusCode(201);
        byte[] xlsx = Api.withKey(editor).get("/api/v1/plans/" + planId + "/export?format=xlsx").then().statusCode(200)
                .header("Content-Disposition", containsString("filename*=UTF-8''")).extract().asByteArray();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = book.getSheetAt(0);
            assertEquals("职能工作目标65分", sheet.getRow(3).getCell(0).getStringCellValue());
            assertEquals("重点工作目标\n(40分)", sheet.getRow(3).getCell(1).getStringCellValue());
            assertTrue(sheet.getMergedRegions().stream().anyMatch(r -> r.formatAsString().equals("A4:A36")));
            assertEquals("小计", sheet.getRow(36).getCell(4).getStringCellValue());
            assertEquals(65.0, sheet.getRow(36).getCell(5).getNumericCellValue());
            assertTrue(sheet.getPrintSetup().getLandscape());
            assertEquals("评分标准", sheet.getRow(2).getCell(6).getStringCellValue());
            assertEquals(criteria, sheet.getRow(3).getCell(6).getStringCellValue());
            assertEquals("自评分", sheet.getRow(2).getCell(11).getStringCellValue());
            assertEquals(1.5, sheet.getRow(3).getCell(11).getNumericCellValue(), "a score is a number, not text");
            assertEquals(org.apache.poi.ss.usermodel.CellType.BLANK, sheet.getRow(3).getCell(12).getCellType());
            Map<String, org.apache.poi.ss.usermodel.Cell> results = new java.util.HashMap<>();
            for (org.apache.poi.ss.usermodel.Row row : sheet) {
                if (row.getCell(4) != null && row.getCell(12) != null) {
                    results.put(row.getCell(4).getStringCellValue(), row.getCell(12));
                }
            }
            assertEquals(1.5, results.get("加分：获省级表彰").getNumericCellValue());
            assertEquals(1.5, results.get("加分（计入）").getNumericCellValue());
            assertTrue(results.get("最终得分").getNumericCellValue() >= 1.5, "the final score is a number");
            assertEquals("不合格", results.get("等次").getStringCellValue());
            assertTrue(results.get("排名").getStringCellValue().matches("\\d+/\\d+"), results.get("排名").getStringCellValue());
            assertEquals("2021年度晋江市导出单位 2021年度泉州市晋江生态环境局绩效管理目标考评表",
                    sheet.getRow(0).getCell(0).getStringCellValue(), "the unit and year in the title");
        }
        String fromXlsx = importTable(editor, newUnit("晋江市再导入单位"), "导出.xlsx", xlsx, false).statusCode(201)
                .extract().path("planId");
        assertEquals(original, tree(editor, fromXlsx));
        byte[] csv = Api.withKey(editor).get("/api/v1/plans/" + planId + "/export?format=csv").then().statusCode(200)
                .extract().asByteArray();
        String csvText = new String(csv, StandardCharsets.UTF_8);
        assertTrue(csvText.contains(",加分：获省级表彰,") && csvText.contains(",最终得分,") && csvText.contains(",等次,"), csvText);
        String fromCsv = importTable(editor, newUnit("晋江市CSV再导入单位"), "导出.csv", csv, false).statusCode(201)
                .extract().path("planId");
        assertEquals(original, tree(editor, fromCsv));
        Api.raw(editor).get("/api/v1/plans/" + planId + "/export?format=pdf").then().statusCode(400)
                .body("errors[0].field", equalTo("format"));
    }

    @Test
    void aCsvExportNeutralisesFormulasAndReimportsToTheSameNames() throws Exception {
        String editor = evaluatorKey();
        String csv = new String(fixture("jinjiang-2021.csv"), StandardCharsets.UTF_8)
                .replace(",生态体制改革,", ",\"=HYPERLINK(\"\"http://x.example\"\",\"\"点击\"\")\",")
                .replace("周明", "-周明").replace("林建国", "+林建国").replace("法规科", "'法规科");
        String planId = importTable(editor, newUnit("晋江市公式单位"), "公式.csv", csv.getBytes(StandardCharsets.UTF_8), false)
                .statusCode(201).extract().path("planId");
        JsonNode original = tree(editor, planId);
        assertTrue(original.toString().contains("=HYPERLINK(\\\"http://x.example\\\",\\\"点击\\\")"), original.toString());
        String exported = Api.withKey(editor).get("/api/v1/plans/" + planId + "/export?format=csv").then().statusCode(200)
                .extract().asString();
        assertTrue(exported.contains(",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"点击\"\")\","), exported);
        assertTrue(exported.contains(",'-周明") && exported.contains(",'+林建国") && exported.contains(",''法规科"), exported);
        // no field starts a formula (the table has no negative numbers, and no text with a comma or a record's CRLF
        // before one of these; the lines within a cell are not its start)
        Matcher live = Pattern.compile("(\\A|,|\r\n)\"?([=+\\-@\t]|\r(?!\n))").matcher(exported);
        assertTrue(!live.find(), () -> exported.substring(live.start(), Math.min(exported.length(), live.start() + 40)));
        String again = importTable(editor, newUnit("晋江市公式再导入单位"), "导出.csv", exported.getBytes(StandardCharsets.UTF_8),
                false).statusCode(201).extract().path("planId");
        assertEquals(original, tree(editor, again));
    }

    /** A 2-level and a 5-level plan export every target and read back as themselves; a tree that cannot be laid out is 422. */
    @Test
    void plansOfAnyDepthExportEveryTargetAndOneThatCannotBeLaidOutIsRefused() throws Exception {
        String editor = evaluatorKey();
        String twoLevels = "{\"title\":\"两级\",\"year\":2021,\"unitId\":\"%s\",\"indicators\":["
                + "{\"name\":\"甲\",\"weight\":60,\"children\":[{\"name\":\"甲一\",\"weight\":30},{\"name\":\"甲二\",\"weight\":30}]},"
                + "{\"name\":\"乙\",\"weight\":40,\"children\":[{\"name\":\"乙一\",\"weight\":40}]}]}";
        String fiveLevels = "{\"title\":\"五级\",\"year\":2021,\"unitId\":\"%s\",\"indicators\":["
                + "{\"name\":\"一\",\"weight\":100,\"children\":[{\"name\":\"二\",\"weight\":100,\"children\":["
                + "{\"name\":\"三\",\"weight\":100,\"children\":[{\"name\":\"四\",\"weight\":90,\"children\":["
                + "{\"name\":\"五a\",\"weight\":50},{\"name\":\"五b\",\"weight\":40}]},{\"name\":\"浅\",\"weight\":10}]}]}]}]}";
        for (String body : List.of(twoLevels, fiveLevels)) {
            UUID plan = newPlan(body.formatted(newUnit("层级单位" + body.hashCode())));
            JsonNode original = tree(editor, plan.toString());
            for (String format : List.of("xlsx", "csv")) {
                byte[] table = Api.withKey(editor).get("/api/v1/plans/" + plan + "/export?format=" + format).then()
                        .statusCode(200).extract().asByteArray();
                String again = importTable(editor, newUnit("再导入" + format + body.hashCode()), "导出." + format, table, false)
                        .statusCode(201).extract().path("planId");
                assertEquals(withoutCodes(original), withoutCodes(tree(editor, again)), format);
            }
        }
        String twins = "{\"title\":\"同名\",\"year\":2021,\"unitId\":\"%s\",\"indicators\":["
                + "{\"name\":\"同名\",\"weight\":50,\"children\":[{\"name\":\"a\",\"weight\":50}]},"
                + "{\"name\":\"同名\",\"weight\":50,\"children\":[{\"name\":\"b\",\"weight\":50}]}]}";
        UUID plan = newPlan(twins.formatted(newUnit("同名单位")));
        Api.withKey(editor).get("/api/v1/plans/" + plan + "/export?format=csv").then().statusCode(422)
                .body("errors[0].field", equalTo("indicators")).body("errors[0].message", containsString("同名"));
    }

    /** Level codes are the table's own ("1", "1.1"); the rest of the tree must come back as it was. */
    private static JsonNode withoutCodes(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        copy.forEach(SheetTest::dropCodes);
        return copy;
    }

    private static void dropCodes(JsonNode node) {
        ((ObjectNode) node).remove("code");
        if (node.has("children")) {
            node.get("children").forEach(SheetTest::dropCodes);
        }
    }
}

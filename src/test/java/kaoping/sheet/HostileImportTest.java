package kaoping.sheet;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import kaoping.support.Api;
import kaoping.support.ApiTest;
import kaoping.support.Multipart;

/**
 * Files made to exhaust the import: each is refused with 413 naming the limit it hit, or 422 naming the file when it
 * is malformed; nothing is stored and the API keeps serving. The files are built here, streamed, a few MB at most.
 * The reader's own cost is measured as the bytes it allocates on its thread (an upper bound of what it keeps), since
 * the test JVM's heap is far larger than the 256 MB the app runs in with bench/import.sh.
 */
@QuarkusTest
class HostileImportTest extends ApiTest {
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static final String DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    /** What reading a hostile file may allocate at most: a fraction of the 256 MB heap bench/import.sh gives the app. */
    private static final long READ_BUDGET = 64L * 1024 * 1024;

    /** Writes one part of a workbook. */
    private interface Part {
        void write(OutputStream out) throws IOException;
    }

    private static Part xml(String text) {
        return out -> out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A workbook with one sheet and, if given, shared strings, as small as a hand-made file can be. */
    private static byte[] workbook(Part sheet, Part sharedStrings) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_SPEED);
            entry(zip, "[Content_Types].xml", xml("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                    + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                    + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                    + "</Types>"));
            entry(zip, "_rels/.rels", xml("<Relationships xmlns=\"" + RELS + "\"><Relationship Id=\"rId1\" Type=\""
                    + DOC + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"));
            entry(zip, "xl/workbook.xml", xml("<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + DOC + "\"><sheets>"
                    + "<sheet name=\"考评表\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"));
            entry(zip, "xl/_rels/workbook.xml.rels", xml("<Relationships xmlns=\"" + RELS + "\">"
                    + "<Relationship Id=\"rId1\" Type=\"" + DOC + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                    + (sharedStrings == null ? "" : "<Relationship Id=\"rId2\" Type=\"" + DOC
                    + "/sharedStrings\" Target=\"sharedStrings.xml\"/>") + "</Relationships>"));
            if (sheet != null) {
                entry(zip, "xl/worksheets/sheet1.xml", sheet);
            }
            if (sharedStrings != null) {
                entry(zip, "xl/sharedStrings.xml", sharedStrings);
            }
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, Part part) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        part.write(zip);
        zip.closeEntry();
    }

    private static Part sheet(String rows, String after) {
        return xml("<worksheet xmlns=\"" + MAIN + "\"><sheetData>" + rows + "</sheetData>" + after + "</worksheet>");
    }

    private static String cell(String reference, String text) {
        return "<c r=\"" + reference + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    }

    /**
     * A part with this many MB of text between its two halves, which deflate shrinks about 45 times, so that POI's
     * inflate ratio check (100 times) lets it through, as the zip bombs of the issue did. The text is one random
     * block, repeated: the block is longer than deflate's window, so the repetition is not seen.
     */
    private static Part inflating(String before, int megabytes, String after) {
        SplittableRandom random = new SplittableRandom(11);
        byte[] block = new byte[1 << 16];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (random.nextInt(200) == 0 ? 'b' + random.nextInt(4) : 'a');
        }
        return out -> {
            out.write(before.getBytes(StandardCharsets.UTF_8));
            for (int written = 0; written < megabytes << 4; written++) {
                out.write(block);
            }
            out.write(after.getBytes(StandardCharsets.UTF_8));
        };
    }

    private static ValidatableResponse importTable(String key, UUID unit, String filename, byte[] bytes) {
        return new Multipart().file("file", filename, bytes).field("unitId", unit.toString()).field("year", "2021")
                .request(key).post("/api/v1/plans/import").then();
    }

    /** The import answered; the API still serves and stored nothing for the unit. */
    private static void nothingStored(String key, UUID unit) {
        Api.withKey(key).get("/api/v1/plans?unitId=" + unit).then().statusCode(200).body("total", equalTo(0));
    }

    /**
     * Imported, the file is refused with 413 naming the limit; read as the import does, it allocates little on the
     * reading thread, however much it would unzip or expand to. Returns the answer.
     */
    private static String tooLarge(String key, UUID unit, String filename, byte[] bytes, String message) throws IOException {
        String answer = importTable(key, unit, filename, bytes).statusCode(413).body("errors[0].field", equalTo("file"))
                .body("errors[0].message", equalTo(filename + ": " + message)).extract().asString();
        Path file = Files.createTempFile("hostile", filename.substring(filename.lastIndexOf('.')));
        try {
            Files.write(file, bytes);
            ImportLimits limits = ImportLimits.from(ConfigProvider.getConfig());
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = threads.getCurrentThreadAllocatedBytes();
            ImportLimits.Exceeded thrown = assertThrows(ImportLimits.Exceeded.class, () -> SheetReader.read(file, limits));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < READ_BUDGET, "reading allocated " + (allocated >> 20) + " MB: " + thrown.getMessage());
        } finally {
            Files.delete(file);
        }
        return answer;
    }

    @Test
    void aMergedRegionOfTheWholeSheetIsClampedToTheTable() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市合并区域单位");
        // the 2 KB file of the issue: one cell, merged over all 17 billion cells of a sheet
        byte[] whole = workbook(sheet("<row r=\"1\">" + cell("A1", "考评表") + "</row>",
                "<mergeCells count=\"1\"><mergeCell ref=\"A1:XFD1048576\"/></mergeCells>"), null);
        assertTrue(whole.length < 2048, whole.length + " bytes");
        importTable(editor, unit, "合并.xlsx", whole).statusCode(422)
                .body("rows[0].message", containsString("no header row"));
        // with a cell in the last row and column a table may have, the region covers all of its cells; twice is too many
        byte[] full = workbook(sheet("<row r=\"1\">" + cell("A1", "考评表") + "</row><row r=\"10000\">"
                + cell("BL10000", "x") + "</row>", "<mergeCells><mergeCell ref=\"A1:XFD1048576\"/>"
                + "<mergeCell ref=\"A1:XFD1048576\"/></mergeCells>"), null);
        tooLarge(editor, unit, "合并.xlsx", full, "the merged regions cover more than 640000 cells, the largest table "
                + "(kaoping.import.max-rows × max-columns)");
        nothingStored(editor, unit);
    }

    @Test
    void textRepeatedByASharedStringOrAMergedRegionCountsInEveryCell() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市重复文字单位");
        String long30k = "长".repeat(30_000);
        StringBuilder rows = new StringBuilder();
        for (int r = 1; r <= 600; r++) {
            rows.append("<row r=\"").append(r).append("\"><c r=\"A").append(r).append("\" t=\"s\"><v>0</v></c></row>");
        }
        byte[] shared = workbook(sheet(rows.toString(), ""), xml("<sst xmlns=\"" + MAIN + "\"><si><t>" + long30k
                + "</t></si></sst>"));
        String limit = "the cells hold more than 16000000 characters of text, shared strings and merged regions "
                + "counted in each cell they fill (kaoping.import.max-text)";
        tooLarge(editor, unit, "重复.xlsx", shared, limit);
        byte[] merged = workbook(sheet("<row r=\"1\">" + cell("A1", long30k) + "</row><row r=\"600\">" + cell("B600", "x")
                + "</row>", "<mergeCells><mergeCell ref=\"A1:A1048576\"/></mergeCells>"), null);
        tooLarge(editor, unit, "重复.xlsx", merged, limit);
        nothingStored(editor, unit);
    }

    @Test
    void aCellOrAPartThatInflatesPastItsLimitIsCutOffWhileReading() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市膨胀单位");
        // one shared string of 64 MB, from 1.4 MB: the 1 GB cell, smaller
        byte[] cell = workbook(sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", ""),
                inflating("<sst xmlns=\"" + MAIN + "\" count=\"1\" uniqueCount=\"1\"><si><t>", 64, "</t></si></sst>"));
        tooLarge(editor, unit, "膨胀.xlsx", cell, "shared string 0 is longer than 32767 characters "
                + "(kaoping.import.max-cell-length)");
        // the same in an inline cell of the sheet
        byte[] inline = workbook(inflating("<worksheet xmlns=\"" + MAIN + "\"><sheetData><row r=\"1\">"
                + "<c r=\"A1\" t=\"inlineStr\"><is><t>", 64, "</t></is></c></row></sheetData></worksheet>"), null);
        tooLarge(editor, unit, "膨胀.xlsx", inline, "cell A1 is longer than 32767 characters (kaoping.import.max-cell-length)");
        // 64 MB of markup the import does not read still counts: the sheet is cut off at 32 MB
        byte[] bulky = workbook(inflating("<worksheet xmlns=\"" + MAIN + "\"><sheetData><row r=\"1\">" + cell("A1", "考评表")
                + "</row></sheetData><extLst><ext uri=\"x\">", 64, "</ext></extLst></worksheet>"), null);
        assertTrue(bulky.length < 2 << 20, bulky.length + " bytes");
        tooLarge(editor, unit, "膨胀.xlsx", bulky, "the first sheet is over 32 MB unzipped (kaoping.import.max-inflated-size)");
        nothingStored(editor, unit);
    }

    @Test
    void aMillionRowsAreRefusedAtTheRowLimitWithASmallAnswer() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市百万行单位");
        byte[] rows = workbook(out -> {
            out.write(("<worksheet xmlns=\"" + MAIN + "\"><sheetData>").getBytes(StandardCharsets.UTF_8));
            for (int r = 1; r <= 1_000_000; r++) {
                out.write(("<row r=\"" + r + "\">" + cell("A" + r, "x") + "</row>").getBytes(StandardCharsets.UTF_8));
            }
            out.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
        }, null);
        String answer = tooLarge(editor, unit, "百万行.xlsx", rows, "cell A10001 is beyond row 10000 (kaoping.import.max-rows)");
        assertTrue(answer.length() < 1000, answer);
        byte[] wide = workbook(sheet("<row r=\"1\">" + cell("A1", "一级指标") + cell("BM1", "x") + "</row>", ""), null);
        tooLarge(editor, unit, "宽.xlsx", wide, "cell BM1 is beyond the first 64 columns, A to BL (kaoping.import.max-columns)");
        nothingStored(editor, unit);
    }

    @Test
    void aCsvOfLineBreaksOrOneEndlessLineIsRefusedAtItsLimit() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市换行单位");
        byte[] newlines = new byte[5 << 20];
        Arrays.fill(newlines, (byte) '\n');
        tooLarge(editor, unit, "换行.csv", newlines, "more than 10000 lines (kaoping.import.max-rows)");
        byte[] line = new byte[5 << 20];
        Arrays.fill(line, (byte) 'a');
        tooLarge(editor, unit, "长行.csv", line, "row 1, column A is longer than 32767 characters (kaoping.import.max-cell-length)");
        byte[] commas = ",".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        tooLarge(editor, unit, "逗号.csv", commas, "row 1 has more than 64 columns (kaoping.import.max-columns)");
        nothingStored(editor, unit);
    }

    @Test
    void malformedWorkbooksAre422NamingTheFile() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市畸形单位");
        Part oneString = xml("<sst xmlns=\"" + MAIN + "\" count=\"1\" uniqueCount=\"1\"><si><t>一级指标</t></si></sst>");
        byte[] minusOne = workbook(sheet("<row r=\"1\"><c r=\"B1\" t=\"s\"><v>-1</v></c></row>", ""), oneString);
        importTable(editor, unit, "负一.xlsx", minusOne).statusCode(422)
                .body("type", equalTo("urn:kaoping:problem:unprocessable")).body("errors[0].field", equalTo("file"))
                .body("errors[0].message", equalTo("负一.xlsx: cell B1 refers to shared string -1, which the workbook "
                        + "does not have"));
        byte[] pastEnd = workbook(sheet("<row r=\"1\"><c r=\"B1\" t=\"s\"><v>1</v></c></row>", ""), oneString);
        importTable(editor, unit, "越界.xlsx", pastEnd).statusCode(422)
                .body("errors[0].message", containsString("refers to shared string 1"));
        byte[] outside = workbook(sheet("<row r=\"1\">" + cell("XFE1", "x") + "</row>", ""), null);
        importTable(editor, unit, "超出.xlsx", outside).statusCode(422)
                .body("errors[0].message", equalTo("超出.xlsx: the cell reference \"XFE1\" is outside a sheet (A1 to XFD1048576)"));
        byte[] noSheet = workbook(null, null);
        importTable(editor, unit, "无表.xlsx", noSheet).statusCode(422)
                .body("errors[0].field", equalTo("file")).body("errors[0].message", startsWith("无表.xlsx: "));
        byte[] corrupt = new byte[4096];
        new SplittableRandom(3).nextBytes(corrupt);
        System.arraycopy(new byte[] {'P', 'K', 3, 4}, 0, corrupt, 0, 4);
        importTable(editor, unit, "损坏.xlsx", corrupt).statusCode(415)
                .body("detail", equalTo("Not a spreadsheet: 损坏.xlsx is a ZIP file that is not an .xlsx workbook."));
        nothingStored(editor, unit);
    }

    /** PostgreSQL keeps no NUL in text: a cell holding one is a problem of the table, named by row and column. */
    @Test
    void aNulCharacterInACellIs422NamingTheCell() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市空字符单位");
        byte[] xls;
        try (HSSFWorkbook book = new HSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            org.apache.poi.ss.usermodel.Sheet sheet = book.createSheet("考评表");
            String[][] rows = {{"类别", "考核内容", "分值", "评分标准"}, {"业务工作60分", "执法\u0000检查", "60", "完成得满分"},
                    {"机关建设40分", "作风建设", "40", "每次扣1分\u0000"}};
            TestSheets.fill(sheet, rows);
            book.write(out);
            xls = out.toByteArray();
        }
        importTable(editor, unit, "空字符.xls", xls).statusCode(422).body("type", equalTo("urn:kaoping:problem:table-invalid"))
                .body("rows.row", contains(2, 3)).body("rows.column", contains("B", "D"))
                .body("rows[0].message", containsString("NUL character (U+0000)"));
        // an .xlsx carries one escaped in a shared string (_x0000_), which POI decodes
        Part strings = xml("<sst xmlns=\"" + MAIN + "\" count=\"1\" uniqueCount=\"1\"><si><t>执法_x0000_检查</t></si></sst>");
        byte[] xlsx = workbook(sheet("<row r=\"1\">" + cell("A1", "类别") + cell("B1", "考核内容") + cell("C1", "分值")
                + "</row><row r=\"2\">" + cell("A2", "业务工作100分") + "<c r=\"B2\" t=\"s\"><v>0</v></c><c r=\"C2\"><v>100</v></c></row>",
                ""), strings);
        importTable(editor, unit, "空字符.xlsx", xlsx).statusCode(422).body("rows.row", contains(2))
                .body("rows.column", contains("B"));
        nothingStored(editor, unit);
    }

    @Test
    void aTargetNameLongerThanADescriptionIs422NamingTheCell() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市长名单位");
        String csv = "类别,目标名称,考核内容,分值\r\n业务工作100分," + "名".repeat(4001) + ",执法检查,100\r\n";
        importTable(editor, unit, "长名.csv", csv.getBytes(StandardCharsets.UTF_8)).statusCode(422)
                .body("type", equalTo("urn:kaoping:problem:table-invalid"))
                .body("rows.find { it.column == 'B' }.row", equalTo(2))
                .body("rows.find { it.column == 'B' }.message", containsString("longer than 4000 characters"));
        nothingStored(editor, unit);
    }

    @Test
    void aTableOfManyProblemsListsTheFirstHundredAndCountsTheRest() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市多错单位");
        StringBuilder csv = new StringBuilder("一级指标,一级权重,二级指标,二级权重,序号,目标名称,目标内容,权重\r\n");
        for (int i = 1; i <= 2000; i++) {
            csv.append("职能工作目标,100,重点工作目标,100,").append(i).append(",目标").append(i).append(",内容,多少\r\n");
        }
        importTable(editor, unit, "多错.csv", csv.toString().getBytes(StandardCharsets.UTF_8)).statusCode(422)
                .body("detail", startsWith("2001 problems in the table"))
                .body("rows", hasSize(101))
                .body("rows[0].row", equalTo(2)).body("rows[0].message", equalTo("\"多少\" is not a number"))
                .body("rows[100].row", equalTo(102))
                .body("rows[100].message", equalTo("and 1901 more problems from here on (kaoping.import.max-errors)"));
        nothingStored(editor, unit);
    }

    @Test
    void aChunkedImportIsRefusedBeforeItsBodyIsRead() throws Exception {
        String editor = evaluatorKey();
        UUID unit = newUnit("晋江市分块单位");
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000); // before the fix the server waits for the body: the read times out
            socket.getOutputStream().write(("POST /api/v1/plans/import HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                    + editor + "\r\nContent-Type: multipart/form-data; boundary=x\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 411"), answer);
            assertTrue(answer.contains("Send the body with Content-Length (at most 20 MB)."), answer);
        }
        nothingStored(editor, unit);
    }
}

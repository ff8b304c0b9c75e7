package kaoping.sheet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import kaoping.api.model.IndicatorNode;

/**
 * Tables as other bureaus lay them out, written here in their shapes: each reads into the tree it shows. Four
 * layouts: an .xls with an instructions sheet and levels with their weights in their names, an .xlsx with a header
 * over two rows and weights only on the targets, a GB18030 CSV with three levels and levels not repeated, a UTF-8 CSV
 * with full-width titles and no levels at all.
 */
class BureauLayoutsTest {
    private static final ImportLimits LIMITS = new ImportLimits(20 << 20, 32 << 20, 10_000, 64, 32_767, 16_000_000, 100);

    private static TableParser.Parsed read(String suffix, byte[] bytes) throws Exception {
        Path file = Files.createTempFile("bureau", suffix);
        try {
            Files.write(file, bytes);
            return TableParser.parse(SheetReader.read(file, LIMITS));
        } catch (TableParser.Invalid e) {
            throw new AssertionError(e.rows.toString(), e);
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] bytes(Workbook book) throws IOException {
        try (book; var out = new java.io.ByteArrayOutputStream()) {
            book.write(out);
            return out.toByteArray();
        }
    }

    private static void row(Sheet sheet, int r, String... cells) {
        Row row = sheet.createRow(r);
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != null) {
                if (cells[i].matches("\\d+(\\.\\d+)?")) {
                    row.createCell(i).setCellValue(Double.parseDouble(cells[i]));
                } else {
                    row.createCell(i).setCellValue(cells[i]);
                }
            }
        }
    }

    /** The tree as "name:weight[children]", and who answers for each target. */
    private static String shape(List<IndicatorNode> nodes) {
        StringBuilder out = new StringBuilder();
        for (IndicatorNode n : nodes) {
            out.append(n.getName()).append(':').append(n.getWeight().stripTrailingZeros().toPlainString());
            if (n.getChildren() != null && !n.getChildren().isEmpty()) {
                out.append('[').append(shape(n.getChildren())).append(']');
            }
            out.append(' ');
        }
        return out.toString().strip();
    }

    private static kaoping.api.model.Scoring leafScoring(List<IndicatorNode> nodes) {
        for (IndicatorNode n : nodes) {
            if (n.getScoring() != null) {
                return n.getScoring();
            }
            if (n.getChildren() != null && leafScoring(n.getChildren()) != null) {
                return leafScoring(n.getChildren());
            }
        }
        return null;
    }

    private static List<String> people(TableParser.Parsed parsed) {
        List<String> out = new ArrayList<>();
        parsed.responsible().values().forEach(names -> names.forEach(n -> out.add(n.role() + ":" + n.name()
                + (n.collective() != null ? "(" + n.collective() + ")" : "") + (n.lead() ? "*" : ""))));
        return out.stream().sorted().distinct().toList();
    }

    @Test
    void anXlsWithAnInstructionsSheetAndWeightsInTheLevelNames() throws Exception {
        HSSFWorkbook book = new HSSFWorkbook();
        row(book.createSheet("填表说明"), 0, "1. 分值合计100分；2. 责任人多人用、分隔");
        Sheet sheet = book.createSheet("考评表");
        row(sheet, 0, "2021年度市场监督管理局绩效考评表");
        row(sheet, 1, "填报单位：市场监督管理局", null, "填报时间：2021年1月5日");
        row(sheet, 3, "考核项目", "考核内容", "分值", "评分标准", "牵头科室", "责任人");
        row(sheet, 4, "党建工作（30分）", "落实全面从严治党主体责任", "20", "每发现一次扣0.5分，扣完为止", "办公室", "张三、李四");
        row(sheet, 5, null, "意识形态工作", "10", "完成得满分，未完成不得分", "各科室", "王五");
        row(sheet, 6, "业务工作(70分)", "食品安全抽检", "40", "", "食品科；抽检科", "赵六\n钱七");
        row(sheet, 7, null, "市场主体培育", "30", "目标值500万元，挑战值525万元", "登记科", "孙八");
        row(sheet, 8, "合计", null, "100");
        sheet.addMergedRegion(new CellRangeAddress(4, 5, 0, 0));
        sheet.addMergedRegion(new CellRangeAddress(6, 7, 0, 0));
        TableParser.Parsed parsed = read(".xls", bytes(book));
        assertEquals("党建工作:30[落实全面从严治党主体责任:20 意识形态工作:10] 业务工作:70[食品安全抽检:40 市场主体培育:30]",
                shape(parsed.roots()));
        assertEquals("2021年度市场监督管理局绩效考评表", parsed.title());
        // the 评分标准 that state a method plainly are proposed with their rows, never applied
        assertEquals(List.of("5 DEDUCTION 0.5 floor 0", "6 COMPLETION", "8 CHALLENGE 500 → 525 万元"), parsed.proposals().stream()
                .map(p -> p.getRow() + " " + p.getScoring().getMethod() + switch (p.getScoring().getMethod()) {
                    case DEDUCTION -> " " + p.getScoring().getPerOccurrence() + " floor " + p.getScoring().getFloor();
                    case CHALLENGE -> " " + p.getScoring().getTarget() + " → " + p.getScoring().getChallenge() + " "
                            + p.getScoring().getUnit();
                    default -> "";
                }).toList());
        assertEquals(null, leafScoring(parsed.roots()), "the import applies none of them");
        assertEquals(List.of("DEPARTMENT:办公室*", "DEPARTMENT:各科室、直属各单位(ALL_DEPARTMENTS)*", "DEPARTMENT:抽检科",
                "DEPARTMENT:登记科*", "DEPARTMENT:食品科*", "PERSON:孙八*", "PERSON:张三*", "PERSON:李四", "PERSON:王五*",
                "PERSON:赵六*", "PERSON:钱七"), people(parsed));
    }

    @Test
    void anXlsxWithATwoRowHeaderAndWeightsOnlyOnTheTargets() throws Exception {
        XSSFWorkbook book = new XSSFWorkbook();
        Sheet sheet = book.createSheet("Sheet1");
        row(sheet, 0, "教育局2021年度目标管理考核表");
        row(sheet, 1, "考核指标", null, "目 标 任 务", "标准\n分", "责任", null);
        row(sheet, 2, "一级指标", "二级指标", null, null, "领导", "单位");
        sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, 1));
        sheet.addMergedRegion(new CellRangeAddress(1, 1, 4, 5));
        row(sheet, 3, "教育质量", "义务教育", "巩固率达标", "25", "陈局长", "基教股");
        row(sheet, 4, null, null, "控辍保学", "25", "陈局长", "基教股/安全股");
        row(sheet, 5, null, "高中教育", "高考上线率", "20", "林副局长", "高教股");
        row(sheet, 6, "队伍建设", "师德师风", "师德考核", "30", "林副局长", "人事股");
        sheet.addMergedRegion(new CellRangeAddress(3, 5, 0, 0));
        sheet.addMergedRegion(new CellRangeAddress(3, 4, 1, 1));
        TableParser.Parsed parsed = read(".xlsx", bytes(book));
        assertEquals("教育质量:70[义务教育:50[巩固率达标:25 控辍保学:25] 高中教育:20[高考上线率:20]] "
                + "队伍建设:30[师德师风:30[师德考核:30]]", shape(parsed.roots()));
        assertEquals(List.of("DEPARTMENT:人事股*", "DEPARTMENT:基教股*", "DEPARTMENT:安全股", "DEPARTMENT:高教股*",
                "LEADER:林副局长*", "LEADER:陈局长*"), people(parsed));
    }

    @Test
    void aGb18030CsvWithThreeLevelsNotRepeated() throws Exception {
        String csv = "卫生健康局2021年度绩效目标\r\n"
                + "一级指标,一级指标权重,二级指标,二级分值,三级指标,具体指标,满分,分管领导,责任科室,经办人\r\n"
                + "公共卫生,60,疾病防控,40,传染病,报告及时率,20,周主任,疾控科,甲/乙\r\n"
                + ",,,,,\"疫苗接种率\",20,周主任,疾控科,丙;丁\r\n"
                + ",,妇幼健康,20,孕产妇,系统管理率,20,吴主任,妇幼科,\"戊\n己\"\r\n"
                + "医疗服务,40,医疗质量,40,病历,病历合格率,40,吴主任,医政科,全体\r\n"
                + "总分,100\r\n";
        TableParser.Parsed parsed = read(".csv", csv.getBytes(Charset.forName("GB18030")));
        assertEquals("公共卫生:60[疾病防控:40[传染病:40[报告及时率:20 疫苗接种率:20]] 妇幼健康:20[孕产妇:20[系统管理率:20]]] "
                + "医疗服务:40[医疗质量:40[病历:40[病历合格率:40]]]", shape(parsed.roots()));
        assertEquals(List.of("DEPARTMENT:医政科*", "DEPARTMENT:各科室、直属各单位(ALL_DEPARTMENTS)*",
                "DEPARTMENT:妇幼科*", "DEPARTMENT:疾控科*", "LEADER:吴主任*", "LEADER:周主任*", "PERSON:丁",
                "PERSON:丙*", "PERSON:乙", "PERSON:己", "PERSON:戊*", "PERSON:甲*"), people(parsed));
    }

    @Test
    void aUtf8CsvWithFullWidthTitlesAndNoLevels() throws Exception {
        String csv = "\uFEFF交通运输局绩效目标考评表\r\n"
                + "填报单位：交通运输局,,,填报时间：2021年\r\n"
                + "序　号,工作目标,考核分值（分）,责任领导,牵头单位,责任人,备注\r\n"
                + "1,农村公路建设60公里,50,郑局长,建设科,冯一,\r\n"
                + "2,\"客运安全,零事故\",50,郑局长,\"安全科、运管所\",冯二,\r\n";
        TableParser.Parsed parsed = read(".csv", csv.getBytes(StandardCharsets.UTF_8));
        assertEquals("农村公路建设60公里:50 客运安全,零事故:50", shape(parsed.roots()));
        assertEquals("1", parsed.roots().get(0).getCode());
        assertEquals(List.of("DEPARTMENT:安全科*", "DEPARTMENT:建设科*", "DEPARTMENT:运管所", "LEADER:郑局长*",
                "PERSON:冯一*", "PERSON:冯二*"), people(parsed));
    }
}

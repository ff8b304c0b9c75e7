package kaoping.sheet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import kaoping.api.model.Assignment;
import kaoping.api.model.AssignmentRole;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.Responsibility;
import kaoping.api.model.ScoreNode;
import kaoping.indicator.IndicatorService;
import kaoping.org.UnitEntity;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.responsibility.AssignmentService;
import kaoping.scoring.ScoreService;
import kaoping.web.ApiProblem;
import kaoping.web.Downloads;

/**
 * The 考评表 out, in the published layout: .xlsx written row by row (SXSSF keeps a window of rows in memory), or a flat
 * .csv. Written so that importing it gives the same tree and assignments.
 */
@ApplicationScoped
public class SheetExport {
    private static final List<String> HEADER = List.of("一级指标", "二级指标", "序号", "目标名称", "目标内容与责任分解", "权重",
            "责任领导", "责任科室", "责任人", "备注");
    private static final List<String> CSV_HEADER = List.of("一级指标", "一级权重", "二级指标", "二级权重", "序号", "目标名称",
            "目标内容与责任分解", "权重", "责任领导", "责任科室", "责任人", "备注");
    /** The columns a plan with scores gains: the unit's own score and the score the plan's rules give each target. */
    private static final List<String> SCORE_HEADER = List.of("自评分", "考评得分");
    /** Column widths of the published table, in characters, and of the score columns. */
    private static final int[] WIDTHS = {16, 16, 9, 18, 62, 9, 14, 16, 14, 10, 9, 9};
    private final PlanService plans;
    private final IndicatorService indicators;
    private final AssignmentService assignments;
    private final ScoreService scores;

    public SheetExport(PlanService plans, IndicatorService indicators, AssignmentService assignments, ScoreService scores) {
        this.plans = plans;
        this.indicators = indicators;
        this.assignments = assignments;
        this.scores = scores;
    }

    /** One target row: its levels, its item (a group of targets, or the target itself) and who answers for it. */
    private record Line(IndicatorNode level1, IndicatorNode level2, IndicatorNode group, IndicatorNode leaf,
                        String leaders, String departments, String persons) {
    }

    /** The scores to print beside the nodes, by node id; empty when the plan has none yet (or cannot be scored). */
    private Map<UUID, ScoreNode> scored(UUID planId) {
        Map<UUID, ScoreNode> byId = new HashMap<>();
        try {
            collect(scores.score(planId).getBreakdown(), byId);
        } catch (ApiProblem notScorable) {
            return Map.of();
        }
        boolean any = byId.values().stream().anyMatch(n -> n.getMethod() != null
                && (n.getScored() || n.getInputs() != null && n.getInputs().getSelfScore() != null));
        return any ? byId : Map.of();
    }

    private static void collect(List<ScoreNode> nodes, Map<UUID, ScoreNode> byId) {
        for (ScoreNode n : nodes) {
            byId.put(n.getId(), n);
            if (n.getChildren() != null) {
                collect(n.getChildren(), byId);
            }
        }
    }

    /** The self score and the score of a target, as printed; blank where there is none. */
    private static List<String> scoreCells(Map<UUID, ScoreNode> scored, IndicatorNode leaf) {
        ScoreNode n = scored.get(leaf.getId());
        BigDecimal self = n == null || n.getInputs() == null ? null : n.getInputs().getSelfScore();
        return List.of(self == null ? "" : plain(self), n == null || !n.getScored() ? "" : n.getScore().toPlainString());
    }

    public Response export(UUID planId, String format) {
        if (!format.equals("xlsx") && !format.equals("csv")) {
            throw ApiProblem.badRequest("format", "xlsx or csv");
        }
        PlanEntity plan = plans.get(planId);
        UnitEntity unit = UnitEntity.findById(plan.unitId);
        List<IndicatorNode> tree = indicators.trees(List.of(planId)).get(planId);
        List<Line> lines = lines(tree, assignments.byNode(planId));
        Map<UUID, ScoreNode> scored = scored(planId);
        StreamingOutput body = format.equals("xlsx") ? out -> xlsx(plan.title, unit.name, tree, lines, scored, out)
                : out -> csv(lines, scored, out);
        return Response.ok(body).type(format.equals("xlsx")
                        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=UTF-8")
                .header("Content-Disposition", Downloads.attachment(plan.title + "." + format)).build();
    }

    private static List<Line> lines(List<IndicatorNode> tree, Map<UUID, List<Assignment>> byNode) {
        List<Line> lines = new ArrayList<>();
        for (IndicatorNode l1 : tree) {
            for (IndicatorNode l2 : children(l1)) {
                for (IndicatorNode item : children(l2)) {
                    boolean group = !children(item).isEmpty();
                    for (IndicatorNode leaf : group ? leaves(item) : List.of(item)) {
                        List<Assignment> a = byNode.getOrDefault(leaf.getId(), List.of());
                        lines.add(new Line(l1, l2, group ? item : null, leaf, names(a, AssignmentRole.LEADER),
                                names(a, AssignmentRole.DEPARTMENT), names(a, AssignmentRole.PERSON)));
                    }
                }
            }
        }
        return lines;
    }

    private static List<IndicatorNode> children(IndicatorNode node) {
        return node.getChildren() == null ? List.of() : node.getChildren();
    }

    private static List<IndicatorNode> leaves(IndicatorNode node) {
        List<IndicatorNode> leaves = new ArrayList<>();
        for (IndicatorNode child : children(node)) {
            leaves.addAll(children(child).isEmpty() ? List.of(child) : leaves(child));
        }
        return leaves;
    }

    /** Stacked in one cell, the lead first: the import reads the first name of a cell as the lead. */
    private static String names(List<Assignment> assignments, AssignmentRole role) {
        return assignments.stream().filter(a -> a.getRole() == role)
                .sorted(Comparator.comparing(a -> a.getResponsibility() == Responsibility.LEAD ? 0 : 1))
                .map(Assignment::getName).collect(Collectors.joining("\n"));
    }

    private static String code(Line line) {
        return line.group() != null ? line.group().getCode() : line.leaf().getCode();
    }

    /** 目标名称: a group's name, or a single target's name when its text is its description. */
    private static String itemName(Line line) {
        if (line.group() != null) {
            return line.group().getName();
        }
        return line.leaf().getDescription() == null ? "" : line.leaf().getName();
    }

    private static String content(Line line) {
        return line.group() == null && line.leaf().getDescription() != null ? line.leaf().getDescription()
                : line.leaf().getName();
    }

    /**
     * "职能工作目标65分" as published; a name that ends in a digit gets its weight in brackets ("指标1\n(50分)"), or the
     * digits would read as part of the weight.
     */
    private static String level1Label(IndicatorNode l1) {
        String weight = plain(l1.getWeight()) + "分";
        return Character.isDigit(l1.getName().charAt(l1.getName().length() - 1)) ? l1.getName() + "\n(" + weight + ")"
                : l1.getName() + weight;
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static void xlsx(String title, String unitName, List<IndicatorNode> tree, List<Line> lines,
                             Map<UUID, ScoreNode> scored, OutputStream out) throws IOException {
        List<String> header = new ArrayList<>(HEADER);
        if (!scored.isEmpty()) {
            header.addAll(SCORE_HEADER);
        }
        int last = header.size() - 1;
        SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        try {
            Sheet sheet = workbook.createSheet("考评表");
            CellStyle titleStyle = style(workbook, true, false, (short) 16);
            CellStyle plainStyle = style(workbook, false, false, (short) 11);
            CellStyle headerStyle = style(workbook, true, true, (short) 11);
            CellStyle cellStyle = style(workbook, false, true, (short) 11);
            for (int i = 0; i <= last; i++) {
                sheet.setColumnWidth(i, WIDTHS[i] * 256);
            }
            write(sheet.createRow(0), titleStyle, title);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, last));
            Row unitRow = sheet.createRow(1);
            write(unitRow, plainStyle, "参评单位(盖章):" + unitName);
            unitRow.createCell(6).setCellValue("月   日");
            sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, 5));
            sheet.addMergedRegion(new CellRangeAddress(1, 1, 6, last));
            write(sheet.createRow(2), headerStyle, header.toArray(String[]::new));
            int r = 3;
            BigDecimal total = BigDecimal.ZERO;
            for (IndicatorNode l1 : tree) {
                int l1Start = r;
                for (IndicatorNode l2 : children(l1)) {
                    int l2Start = r;
                    int itemStart = r;
                    for (int i = 0; i < lines.size(); i++) {
                        Line line = lines.get(i);
                        if (line.level2() != l2) {
                            continue;
                        }
                        write(sheet.createRow(r), cellStyle, level1Label(l1), l2.getName() + "\n(" + plain(l2.getWeight()) + "分)",
                                code(line) == null ? "" : code(line), itemName(line), content(line), null, line.leaders(),
                                line.departments(), line.persons(), "");
                        sheet.getRow(r).getCell(5).setCellValue(line.leaf().getWeight().doubleValue());
                        if (!scored.isEmpty()) {
                            write(sheet.getRow(r), 10, cellStyle, scoreCells(scored, line.leaf()));
                        }
                        Line next = i + 1 < lines.size() ? lines.get(i + 1) : null;
                        boolean itemEnds = next == null || next.level2() != l2 || line.group() == null
                                || next.group() != line.group();
                        if (itemEnds) {
                            merge(sheet, itemStart, r, 2);
                            merge(sheet, itemStart, r, 3);
                            itemStart = r + 1;
                        }
                        r++;
                    }
                    merge(sheet, l2Start, r - 1, 1);
                }
                merge(sheet, l1Start, r - 1, 0);
                Row subtotal = sheet.createRow(r++);
                write(subtotal, cellStyle, "", "", "", "", "小计", null, "", "", "", "");
                subtotal.getCell(5).setCellValue(l1.getWeight().doubleValue());
                if (!scored.isEmpty()) {
                    write(subtotal, 10, cellStyle, List.of("", scored.get(l1.getId()).getScore().toPlainString()));
                }
                total = total.add(l1.getWeight());
            }
            Row sum = sheet.createRow(r);
            write(sum, cellStyle, "绩效目标考评总分(" + tree.stream().map(IndicatorNode::getName).collect(Collectors.joining("+"))
                    + ")", "", "", "", "", null, "", "", "", "");
            sum.getCell(5).setCellValue(total.doubleValue());
            if (!scored.isEmpty()) {
                BigDecimal points = tree.stream().map(l1 -> scored.get(l1.getId()).getScore()).reduce(BigDecimal.ZERO, BigDecimal::add);
                write(sum, 10, cellStyle, List.of("", points.toPlainString()));
            }
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, 4));
            PrintSetup print = sheet.getPrintSetup();
            print.setPaperSize(PrintSetup.A4_PAPERSIZE);
            print.setLandscape(true);
            print.setFitWidth((short) 1);
            print.setFitHeight((short) 0);
            sheet.setFitToPage(true);
            sheet.setRepeatingRows(CellRangeAddress.valueOf("3:3"));
            workbook.write(out);
        } finally {
            workbook.dispose();
            workbook.close();
        }
    }

    private static void merge(Sheet sheet, int first, int last, int column) {
        if (last > first) {
            sheet.addMergedRegion(new CellRangeAddress(first, last, column, column));
        }
    }

    /** Text cells in order; a null leaves a styled cell for a number. */
    private static void write(Row row, CellStyle style, String... values) {
        write(row, 0, style, Arrays.asList(values));
    }

    private static void write(Row row, int first, CellStyle style, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            var cell = row.createCell(first + i);
            cell.setCellStyle(style);
            if (values.get(i) != null) {
                cell.setCellValue(values.get(i));
            }
        }
    }

    private static CellStyle style(SXSSFWorkbook workbook, boolean bold, boolean bordered, short points) {
        CellStyle style = workbook.createCellStyle();
        Font font = workbook.createFont();
        font.setBold(bold);
        font.setFontHeightInPoints(points);
        style.setFont(font);
        style.setWrapText(true);
        style.setVerticalAlignment(VerticalAlignment.CENTER);
        style.setAlignment(bordered ? HorizontalAlignment.CENTER : HorizontalAlignment.LEFT);
        if (bordered) {
            style.setBorderTop(BorderStyle.THIN);
            style.setBorderBottom(BorderStyle.THIN);
            style.setBorderLeft(BorderStyle.THIN);
            style.setBorderRight(BorderStyle.THIN);
        }
        return style;
    }

    private static void csv(List<Line> lines, Map<UUID, ScoreNode> scored, OutputStream out) throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\uFEFF'); // so that Excel reads it as UTF-8
        List<String> header = new ArrayList<>(CSV_HEADER);
        if (!scored.isEmpty()) {
            header.addAll(SCORE_HEADER);
        }
        w.write(String.join(",", header) + "\r\n");
        for (Line line : lines) {
            String code = code(line);
            // names and texts are neutralised against formulas; the numbers are written by us and stay numbers
            List<String> cells = new ArrayList<>(List.of(CsvText.field(line.level1().getName()),
                    plain(line.level1().getWeight()), CsvText.field(line.level2().getName()),
                    plain(line.level2().getWeight()), CsvText.field(code == null ? "" : code),
                    CsvText.field(itemName(line)), CsvText.field(content(line)), plain(line.leaf().getWeight()),
                    CsvText.field(line.leaders()), CsvText.field(line.departments()), CsvText.field(line.persons()), ""));
            if (!scored.isEmpty()) {
                cells.addAll(scoreCells(scored, line.leaf()));
            }
            w.write(String.join(",", cells) + "\r\n");
        }
        w.flush();
    }
}

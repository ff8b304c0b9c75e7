package kaoping.sheet;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
import kaoping.api.model.AdjustmentKind;
import kaoping.api.model.RankingEntry;
import kaoping.api.model.Responsibility;
import kaoping.api.model.ScoreResult;
import kaoping.api.model.ScoreNode;
import kaoping.indicator.IndicatorService;
import kaoping.org.UnitEntity;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.responsibility.AssignmentService;
import kaoping.scoring.AdjustmentEntity;
import kaoping.scoring.AdjustmentService;
import kaoping.scoring.ScoreService;
import kaoping.web.ApiProblem;
import kaoping.web.Downloads;

/**
 * The 考评表 out, in the published layout: .xlsx written row by row (SXSSF keeps a window of rows in memory), or a flat
 * .csv. Written so that importing it gives the same tree and assignments.
 */
@ApplicationScoped
public class SheetExport {
    /** The columns after the levels, as published; the CSV has each level's weight in a column of its own. */
    private static final List<String> ITEM_HEADER = List.of("序号", "目标名称", "目标内容与责任分解", "权重", "评分标准", "责任领导",
            "责任科室", "责任人", "备注");
    /** The columns a plan with scores gains: the unit's own score and the score the plan's rules give each target. */
    private static final List<String> SCORE_HEADER = List.of("自评分", "考评得分");
    /** Column widths of the published table, in characters: each level, then the item columns and the scores. */
    private static final int LEVEL_WIDTH = 16;
    private static final int[] WIDTHS = {9, 18, 62, 9, 36, 14, 16, 14, 10, 9, 9};
    private final PlanService plans;
    private final IndicatorService indicators;
    private final AssignmentService assignments;
    private final ScoreService scores;
    private final AdjustmentService adjustments;

    public SheetExport(PlanService plans, IndicatorService indicators, AssignmentService assignments, ScoreService scores,
                       AdjustmentService adjustments) {
        this.plans = plans;
        this.indicators = indicators;
        this.assignments = assignments;
        this.scores = scores;
        this.adjustments = adjustments;
    }

    /**
     * The labels of the results rows below a scored table's total; the import passes over such rows after a total,
     * so that a results sheet still reads back as its plan.
     */
    static final List<String> RESULT_LABELS = List.of("加分", "扣分", "一票否决", "构成", "指标得分", "综合得分", "最终得分", "等次",
            "排名");

    /** A results row: its label (with the reason of an adjustment) and its figure, a number or a text. */
    record Result(String label, BigDecimal points, String text) {
    }

    /** What a bureau files below the scores: adjustments with their reasons, components, final score, grade, rank. */
    private List<Result> results(PlanEntity plan) {
        ScoreResult score = scores.score(plan.id);
        List<Result> rows = new ArrayList<>();
        for (AdjustmentEntity a : AdjustmentEntity.<AdjustmentEntity>list("planId = ?1 order by createdAt", plan.id)) {
            String label = switch (a.kind) {
                case BONUS -> "加分";
                case DEDUCTION -> "扣分";
                case VETO -> "一票否决";
            };
            rows.add(new Result(label + "：" + a.reason, a.kind == AdjustmentKind.VETO ? null
                    : a.kind == AdjustmentKind.DEDUCTION ? a.points.negate() : a.points, null));
        }
        rows.add(new Result("加分（计入）", score.getBonusApplied(), null));
        rows.add(new Result("扣分（计入）", score.getDeductionApplied().negate(), null));
        Map<String, BigDecimal> components = adjustments.componentScores(plan.id).scores();
        components.forEach((name, value) -> rows.add(new Result("构成：" + name, value, null)));
        rows.add(new Result("指标得分", score.getIndicatorScore(), null));
        if (!components.isEmpty()) {
            rows.add(new Result("综合得分", score.getCompositeScore(), null));
        }
        rows.add(new Result("最终得分", score.getFinalScore(), null));
        rows.add(new Result("等次", null, score.getGrade() + (score.getVetoed() ? "（一票否决）" : "")));
        rows.add(new Result("排名", null, rank(plan)));
        return rows;
    }

    /** "3/14" in the plan's series among the plans ranked, or — when the plan is not (yet) ranked. */
    private String rank(PlanEntity plan) {
        if (plan.series == null) {
            return "—";
        }
        try {
            List<RankingEntry> items = scores.ranking(plan.year, plan.series, null).getItems();
            return items.stream().filter(e -> e.getPlanId().equals(plan.id)).findFirst()
                    .map(e -> e.getRank() + "/" + items.size()).orElse("—");
        } catch (ApiProblem seriesNotRankable) {
            return "—";
        }
    }

    /**
     * One target row: the levels above it (one per level column), its item (a group of targets, or the target
     * itself) and who answers for it.
     */
    record Line(List<IndicatorNode> levels, IndicatorNode group, IndicatorNode leaf, String leaders,
                String departments, String persons) {
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

    /** The self score and the score of a node, as numbers; blank where there is none. */
    private static void scoreCells(Row row, int first, CellStyle style, Map<UUID, ScoreNode> scored, IndicatorNode node) {
        ScoreNode n = scored.get(node.getId());
        BigDecimal self = n == null || n.getInputs() == null ? null : n.getInputs().getSelfScore();
        BigDecimal score = n == null || !n.getScored() ? null : n.getScore();
        for (int i = 0; i < 2; i++) {
            var cell = row.createCell(first + i);
            cell.setCellStyle(style);
            BigDecimal value = i == 0 ? self : score;
            if (value != null) {
                cell.setCellValue(value.doubleValue());
            }
        }
    }

    public Response export(UUID planId, String format) {
        if (!format.equals("xlsx") && !format.equals("csv")) {
            throw ApiProblem.badRequest("format", "xlsx or csv");
        }
        PlanEntity plan = plans.get(planId);
        UnitEntity unit = UnitEntity.findById(plan.unitId);
        List<IndicatorNode> tree = indicators.trees(List.of(planId)).get(planId);
        List<Line> lines = lines(tree, assignments.byNode(planId));
        List<String> unlaid = Layout.problems(lines);
        if (!unlaid.isEmpty()) {
            throw ApiProblem.unprocessable(unlaid.stream().map(m -> ApiProblem.field("indicators", m)).toList());
        }
        Map<UUID, ScoreNode> scored = scored(planId);
        List<Result> results = scored.isEmpty() ? List.of() : results(plan);
        // a printed sheet says whose and which year it is, even when the plan's own title does not
        String title = plan.title.contains(unit.name) && plan.title.contains(String.valueOf(plan.year)) ? plan.title
                : plan.year + "年度" + unit.name + " " + plan.title;
        StreamingOutput body = format.equals("xlsx") ? out -> xlsx(title, unit.name, tree, lines, scored, results, out)
                : out -> csv(lines, scored, results, out);
        return Response.ok(body).type(format.equals("xlsx")
                        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=UTF-8")
                .header("Content-Disposition", Downloads.attachment(plan.title + "." + format)).build();
    }

    static List<Line> lines(List<IndicatorNode> tree, Map<UUID, List<Assignment>> byNode) {
        List<Line> lines = new ArrayList<>();
        lines(tree, List.of(), byNode, lines);
        return lines;
    }

    private static void lines(List<IndicatorNode> nodes, List<IndicatorNode> levels, Map<UUID, List<Assignment>> byNode,
                              List<Line> lines) {
        for (IndicatorNode node : nodes) {
            if (children(node).isEmpty() || Layout.group(node, levels.size() + 1)) {
                IndicatorNode group = children(node).isEmpty() ? null : node;
                for (IndicatorNode leaf : group == null ? List.of(node) : children(node)) {
                    List<Assignment> a = byNode.getOrDefault(leaf.getId(), List.of());
                    lines.add(new Line(levels, group, leaf, names(a, AssignmentRole.LEADER),
                            names(a, AssignmentRole.DEPARTMENT), names(a, AssignmentRole.PERSON)));
                }
            } else {
                List<IndicatorNode> deeper = new ArrayList<>(levels);
                deeper.add(node);
                lines(children(node), List.copyOf(deeper), byNode, lines);
            }
        }
    }

    static List<IndicatorNode> children(IndicatorNode node) {
        return node.getChildren() == null ? List.of() : node.getChildren();
    }

    /** Stacked in one cell, the lead first: the import reads the first name of a cell as the lead. */
    private static String names(List<Assignment> assignments, AssignmentRole role) {
        return assignments.stream().filter(a -> a.getRole() == role)
                .sorted(Comparator.comparing(a -> a.getResponsibility() == Responsibility.LEAD ? 0 : 1))
                .map(Assignment::getName).collect(Collectors.joining("\n"));
    }

    static String code(Line line) {
        return line.group() != null ? line.group().getCode() : line.leaf().getCode();
    }

    /** 目标名称: a group's name, or a single target's name when its text is its description. */
    static String itemName(Line line) {
        if (line.group() != null) {
            return line.group().getName();
        }
        return line.leaf().getDescription() == null ? "" : line.leaf().getName();
    }

    private static String content(Line line) {
        return line.group() == null && line.leaf().getDescription() != null ? line.leaf().getDescription()
                : line.leaf().getName();
    }

    /** The target's 评分标准, blank when it has none. */
    private static String criteria(Line line) {
        return line.leaf().getCriteria() == null ? "" : line.leaf().getCriteria();
    }

    /**
     * "职能工作目标65分" as published; a name that ends in anything but a letter gets its weight in brackets ("指标1\n(50分)"), or the
     * digits would read as part of the weight.
     */
    private static String level1Label(IndicatorNode l1) {
        String weight = plain(l1.getWeight()) + "分";
        return Character.isLetter(l1.getName().charAt(l1.getName().length() - 1)) ? l1.getName() + weight
                : l1.getName() + "\n(" + weight + ")";
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    /** The level cells of a line: its levels, then {@link TableParser#NONE} where it has none. */
    private static List<String> levelCells(Line line, int depth, boolean withWeights) {
        List<String> cells = new ArrayList<>();
        for (int k = 0; k < depth; k++) {
            IndicatorNode level = k < line.levels().size() ? line.levels().get(k) : null;
            if (level == null) {
                cells.add(TableParser.NONE);
            } else {
                cells.add(withWeights ? (k == 0 ? level1Label(level) : level.getName() + "\n(" + plain(level.getWeight()) + "分)")
                        : level.getName());
            }
        }
        return cells;
    }

    static int depth(List<Line> lines) {
        return lines.stream().mapToInt(l -> l.levels().size()).max().orElse(0);
    }

    static List<String> header(int depth, boolean withWeights) {
        List<String> header = new ArrayList<>();
        for (int k = 0; k < depth; k++) {
            header.add(TableParser.NUMERALS.charAt(k) + "级指标");
            if (withWeights) {
                header.add(TableParser.NUMERALS.charAt(k) + "级权重");
            }
        }
        header.addAll(ITEM_HEADER);
        return header;
    }

    static void xlsx(String title, String unitName, List<IndicatorNode> tree, List<Line> lines,
                     Map<UUID, ScoreNode> scored, List<Result> results, OutputStream out) throws IOException {
        int depth = depth(lines);
        List<String> header = header(depth, false);
        if (!scored.isEmpty()) {
            header.addAll(SCORE_HEADER);
        }
        int last = header.size() - 1;
        int content = depth + 2;
        int weight = depth + 3;
        int score = depth + ITEM_HEADER.size();
        SXSSFWorkbook workbook = new SXSSFWorkbook(200);
        try {
            Sheet sheet = workbook.createSheet("考评表");
            CellStyle titleStyle = style(workbook, true, false, (short) 16);
            CellStyle plainStyle = style(workbook, false, false, (short) 11);
            CellStyle headerStyle = style(workbook, true, true, (short) 11);
            CellStyle cellStyle = style(workbook, false, true, (short) 11);
            for (int i = 0; i <= last; i++) {
                sheet.setColumnWidth(i, (i < depth ? LEVEL_WIDTH : WIDTHS[i - depth]) * 256);
            }
            write(sheet.createRow(0), titleStyle, title);
            sheet.addMergedRegion(new CellRangeAddress(0, 0, 0, last));
            Row unitRow = sheet.createRow(1);
            write(unitRow, plainStyle, "参评单位(盖章):" + unitName);
            unitRow.createCell(weight + 1).setCellValue("月   日");
            sheet.addMergedRegion(new CellRangeAddress(1, 1, 0, weight));
            sheet.addMergedRegion(new CellRangeAddress(1, 1, weight + 1, last));
            write(sheet.createRow(2), headerStyle, header.toArray(String[]::new));
            int r = 3;
            // where the node in each level column, and the item, began: merged when they end
            int[] starts = new int[depth];
            int itemStart = r;
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                Line next = i + 1 < lines.size() ? lines.get(i + 1) : null;
                Row row = sheet.createRow(r);
                List<String> cells = new ArrayList<>(levelCells(line, depth, true));
                cells.addAll(Arrays.asList(code(line) == null ? "" : code(line), itemName(line), content(line), null,
                        criteria(line), line.leaders(), line.departments(), line.persons(), ""));
                write(row, 0, cellStyle, cells);
                row.getCell(weight).setCellValue(line.leaf().getWeight().doubleValue());
                if (!scored.isEmpty()) {
                    scoreCells(row, score, cellStyle, scored, line.leaf());
                }
                if (next == null || line.group() == null || next.group() != line.group()) {
                    merge(sheet, itemStart, r, depth);
                    merge(sheet, itemStart, r, depth + 1);
                    itemStart = r + 1;
                }
                for (int k = 0; k < line.levels().size(); k++) {
                    if (i == 0 || lines.get(i - 1).levels().size() <= k || lines.get(i - 1).levels().get(k) != line.levels().get(k)) {
                        starts[k] = r;
                    }
                    if (next == null || next.levels().size() <= k || next.levels().get(k) != line.levels().get(k)) {
                        merge(sheet, starts[k], r, k);
                    }
                }
                r++;
                // a level-1 node's subtotal follows its last target
                if (!line.levels().isEmpty() && (next == null || next.levels().isEmpty() || next.levels().get(0) != line.levels().get(0))) {
                    IndicatorNode l1 = line.levels().get(0);
                    Row subtotal = sheet.createRow(r++);
                    List<String> blank = new ArrayList<>(Collections.nCopies(ITEM_HEADER.size() + depth, ""));
                    blank.set(content, "小计");
                    blank.set(weight, null);
                    write(subtotal, 0, cellStyle, blank);
                    subtotal.getCell(weight).setCellValue(l1.getWeight().doubleValue());
                    if (!scored.isEmpty()) {
                        scoreCells(subtotal, score, cellStyle, scored, l1);
                    }
                }
            }
            Row sum = sheet.createRow(r);
            List<String> total = new ArrayList<>(Collections.nCopies(ITEM_HEADER.size() + depth, ""));
            total.set(0, "绩效目标考评总分(" + tree.stream().map(IndicatorNode::getName).collect(Collectors.joining("+")) + ")");
            total.set(weight, null);
            write(sum, 0, cellStyle, total);
            sum.getCell(weight).setCellValue(tree.stream().map(IndicatorNode::getWeight).reduce(BigDecimal.ZERO, BigDecimal::add)
                    .doubleValue());
            if (!scored.isEmpty()) {
                BigDecimal points = tree.stream().map(n -> scored.get(n.getId()).getScore()).reduce(BigDecimal.ZERO, BigDecimal::add);
                sum.createCell(score).setCellStyle(cellStyle);
                sum.createCell(score + 1).setCellValue(points.doubleValue());
                sum.getCell(score + 1).setCellStyle(cellStyle);
            }
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, content));
            for (Result result : results) {
                Row row = sheet.createRow(++r);
                List<String> cells = new ArrayList<>(Collections.nCopies(last + 1, ""));
                cells.set(content, result.label());
                cells.set(score + 1, result.text());
                write(row, 0, cellStyle, cells);
                if (result.points() != null) {
                    row.getCell(score + 1).setCellValue(result.points().doubleValue());
                }
            }
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

    static void csv(List<Line> lines, Map<UUID, ScoreNode> scored, List<Result> results, OutputStream out)
            throws IOException {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        w.write('\uFEFF'); // so that Excel reads it as UTF-8
        int depth = depth(lines);
        List<String> header = header(depth, true);
        if (!scored.isEmpty()) {
            header.addAll(SCORE_HEADER);
        }
        w.write(String.join(",", header) + "\r\n");
        for (Line line : lines) {
            String code = code(line);
            // names and texts are neutralised against formulas; the numbers are written by us and stay numbers
            List<String> cells = new ArrayList<>();
            List<String> levels = levelCells(line, depth, false);
            for (int k = 0; k < depth; k++) {
                cells.add(CsvText.field(levels.get(k)));
                cells.add(k < line.levels().size() ? plain(line.levels().get(k).getWeight()) : "");
            }
            cells.addAll(List.of(CsvText.field(code == null ? "" : code), CsvText.field(itemName(line)),
                    CsvText.field(content(line)), plain(line.leaf().getWeight()), CsvText.field(criteria(line)),
                    CsvText.field(line.leaders()), CsvText.field(line.departments()), CsvText.field(line.persons()), ""));
            if (!scored.isEmpty()) {
                ScoreNode n = scored.get(line.leaf().getId());
                BigDecimal self = n == null || n.getInputs() == null ? null : n.getInputs().getSelfScore();
                cells.add(self == null ? "" : plain(self));
                cells.add(n == null || !n.getScored() ? "" : plain(n.getScore()));
            }
            w.write(String.join(",", cells) + "\r\n");
        }
        if (!results.isEmpty()) {
            // the total and the results rows, in the columns of the .xlsx's: the label as content, the figure as score
            int width = header.size();
            int content = 2 * depth + 2;
            BigDecimal weight = BigDecimal.ZERO;
            BigDecimal points = BigDecimal.ZERO;
            for (Line line : lines) {
                weight = weight.add(line.leaf().getWeight());
                ScoreNode n = scored.get(line.leaf().getId());
                points = points.add(n == null || !n.getScored() ? BigDecimal.ZERO : n.getScore());
            }
            List<String> total = new ArrayList<>(Collections.nCopies(width, ""));
            total.set(content, "绩效目标考评总分");
            total.set(content + 1, plain(weight));
            total.set(width - 1, plain(points));
            w.write(String.join(",", total) + "\r\n");
            for (Result result : results) {
                List<String> cells = new ArrayList<>(Collections.nCopies(width, ""));
                cells.set(content, CsvText.field(result.label()));
                cells.set(width - 1, result.points() != null ? plain(result.points()) : CsvText.field(result.text()));
                w.write(String.join(",", cells) + "\r\n");
            }
        }
        w.flush();
    }
}

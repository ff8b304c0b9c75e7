package kaoping.sheet;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kaoping.api.model.AssignmentRole;
import kaoping.api.model.Collective;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.RowError;
import kaoping.api.model.Scoring;
import kaoping.api.model.ScoringProposal;

/**
 * A 考评表, read into an indicator tree with who answers for each target. Columns are found by any of the titles
 * offices use (full-width forms, spaces and line breaks in a title do not matter; a title may span two header rows).
 * Levels stand in one to nine columns (一级指标, 二级指标, ...), their cells merged or repeated; a level's weight is in
 * its name ("职能工作目标65分"), in a weight column of its own, or only on its targets (then their sum). A blank level
 * cell at the start of a row continues the levels above; after a filled one, or as "/", it means the row's target
 * sits directly below the levels before it, so that trees of uneven depth read back. Items by 序号, one target per
 * row, stacked names split. Every problem is collected with its row and column; a table with problems gives no tree.
 */
final class TableParser {
    /** The columns the import knows besides the levels, by the titles offices use for them. */
    enum Column {
        CODE("序号", "编号"),
        CRITERIA("评分标准", "考核标准", "评分细则", "计分方法", "扣分标准", "评分办法"),
        NAME("目标名称", "项目名称", "指标名称"),
        CONTENT("目标内容", "目标任务", "考评内容", "工作内容", "考核内容", "工作目标", "考核要点", "具体指标"),
        WEIGHT("权重", "分值", "分数", "标准分", "满分"),
        LEADERS("责任领导", "分管领导", "牵头领导"),
        DEPARTMENTS("责任科室", "责任单位", "责任部门", "牵头科室", "牵头单位", "配合科室", "协办单位"),
        PERSONS("责任人", "经办人"),
        REMARK("备注");

        final String[] titles;

        Column(String... titles) {
            this.titles = titles;
        }
    }

    /** A name in a responsibility cell: the first of a cell leads, the rest support. */
    record Named(AssignmentRole role, String name, Collective collective, boolean lead) {
    }

    /**
     * @param unitRow the row naming the evaluated unit ("参评单位(盖章):…"), if the table has one: its number and text
     */
    record Parsed(String title, Map.Entry<Integer, String> unitRow, List<IndicatorNode> roots,
                  Map<IndicatorNode, List<Named>> responsible, int level2, int groups, int leaves,
                  List<ScoringProposal> proposals) {
    }

    /** The table's problems; nothing of it may be stored. */
    static final class Invalid extends Exception {
        final transient List<RowError> rows;

        Invalid(List<RowError> rows) {
            super(rows.size() + " problem(s) in the table");
            this.rows = rows;
        }
    }

    /** The numerals of level titles: 一级指标 is level 1. */
    static final String NUMERALS = "一二三四五六七八九";
    /** What a level cell holds where the row has no node at that level. */
    static final String NONE = "/";
    private static final Pattern WEIGHT_IN_NAME = Pattern.compile("[（(]?\\s*(\\d+(?:\\.\\d+)?)\\s*分\\s*[）)]?\\s*$");
    private static final Pattern LEVEL_WEIGHT = Pattern.compile("([一二三四五六七八九])级(?:指标)?(?:权重|分值|分数)");
    private static final Pattern LEVEL = Pattern.compile("([一二三四五六七八九])级指标");
    private static final List<String> LEVEL_TITLES = List.of("考核项目", "类别", "项目", "指标");
    private static final Pattern COLLECTIVE = Pattern.compile("各科室|各股室|各单位|直属各单位|各部门|全体.*|各.*负责人");
    private static final String ALL_HEADS = "各科室、直属各单位负责人";
    private static final String ALL_DEPARTMENTS = "各科室、直属各单位";
    private static final int NAME_MAX = 500;
    /** The contract's bound on a node's description, which a target's 目标名称 becomes beside its 目标内容. */
    private static final int DESCRIPTION_MAX = 4000;
    /** The contract's bound on a target's 评分标准: Excel's, so that it exports whole. */
    private static final int CRITERIA_MAX = 32_767;
    private static final BigDecimal TOTAL = new BigDecimal(100);

    private final Grid grid;
    private final List<RowError> errors = new ArrayList<>();
    private final Map<Column, Integer> columns = new EnumMap<>(Column.class);
    private final List<ScoringProposal> proposals = new ArrayList<>();
    /** The level columns, left to right, and the weight column of each level where the table has one. */
    private final List<Integer> levels = new ArrayList<>();
    private final Map<Integer, Integer> levelWeights = new HashMap<>();
    /** The header's rows: a title may span two. */
    private int headerRows = 1;

    private TableParser(Grid grid) {
        this.grid = grid;
    }

    /** Whether a sheet holds a table the import can read, so that the reader can pass over the others. */
    static boolean hasHeader(Grid grid) {
        return new TableParser(grid).findHeader() >= 0;
    }

    static Parsed parse(Grid grid) throws Invalid {
        return new TableParser(grid).run();
    }

    /** A level while its rows are read: where it was named, for messages, and what it holds (levels and items). */
    private static final class Level {
        final String text;
        final String name;
        final BigDecimal weight;
        final int row;
        final int column;
        final List<Object> children = new ArrayList<>();
        BigDecimal leaves = BigDecimal.ZERO;

        Level(String text, String name, BigDecimal weight, int row, int column) {
            this.text = text;
            this.name = name;
            this.weight = weight;
            this.row = row;
            this.column = column;
        }
    }

    /** One 序号: its rows become one leaf, or a group of leaves when there are several. */
    private static final class Item {
        final String code;
        final String name;
        final List<IndicatorNode> rows = new ArrayList<>();

        Item(String code, String name) {
            this.code = code;
            this.name = name;
        }
    }

    private Parsed run() throws Invalid {
        int header = findHeader();
        if (header < 0) {
            throw new Invalid(List.of(error(grid.rows().isEmpty() ? 1 : grid.rows().get(0).number(), (Column) null,
                    "no header row: the table needs a 目标内容 (or 目标名称, 考核内容, ...) and a 权重 (or 分值, 分数, 标准分, ...) "
                            + "column in one row")));
        }
        String title = title(header);
        Map<IndicatorNode, List<Named>> responsible = new IdentityHashMap<>();
        Level root = new Level(null, null, TOTAL, 0, 0);
        List<Level> open = new ArrayList<>();
        List<Level> all = new ArrayList<>();
        Item item = null;
        boolean afterTotal = false;
        int first = header + (headerRows == 2 ? 2 : 1);
        int lastRow = grid.rows().get(first - 1).number();
        nul();
        for (Grid.Row row : grid.rows().subList(first, grid.rows().size())) {
            if (row.blank()) {
                continue;
            }
            lastRow = row.number();
            if (sumRow(row)) {
                checkSum(row, open, root);
                afterTotal |= !cell(row, Column.CONTENT).startsWith("小计");
                continue;
            }
            String label = cell(row, Column.CONTENT);
            if (afterTotal && SheetExport.RESULT_LABELS.stream().anyMatch(label::startsWith)) {
                continue; // a results sheet's adjustments, final score, grade and rank below the total
            }
            int depth = path(row, open, all, root);
            if (depth < 0) {
                continue;
            }
            Level parent = depth == 0 ? root : open.get(depth - 1);
            String code = cell(row, Column.CODE);
            String name = cell(row, Column.NAME);
            boolean same = item != null && !parent.children.isEmpty() && parent.children.get(parent.children.size() - 1) == item
                    && (!code.isEmpty() ? code.equals(item.code) : !name.isEmpty() && name.equals(item.name));
            if (!same) {
                item = new Item(code.isEmpty() ? null : code, name.isEmpty() ? null : name);
                parent.children.add(item);
            }
            IndicatorNode leaf = leaf(row);
            if (leaf == null) {
                continue;
            }
            item.rows.add(leaf);
            responsible.put(leaf, names(row));
            String criteria = cell(row, Column.CRITERIA);
            if (criteria.length() > CRITERIA_MAX) {
                errors.add(error(row.number(), Column.CRITERIA, "the 评分标准 is longer than " + CRITERIA_MAX + " characters"));
            }
            leaf.criteria(criteria.isEmpty() ? null : criteria);
            Scoring proposed = criteria.isEmpty() ? null : Criteria.propose(criteria);
            if (proposed != null) {
                proposals.add(new ScoringProposal().row(row.number()).target(leaf.getName()).criteria(criteria).scoring(proposed));
            }
            root.leaves = root.leaves.add(leaf.getWeight());
            open.forEach(l -> l.leaves = l.leaves.add(leaf.getWeight()));
        }
        if (root.children.isEmpty() && errors.isEmpty()) {
            errors.add(error(grid.rows().get(header).number(), null, "the table has no targets below its header"));
        }
        int[] counts = new int[2];
        List<IndicatorNode> roots = nodes(root, "", 1, counts);
        if (!roots.isEmpty()) {
            BigDecimal sum = roots.stream().map(IndicatorNode::getWeight).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (sum.compareTo(TOTAL) != 0) {
                errors.add(error(lastRow, null, "the 一级指标 add up to " + plain(sum) + ", not " + plain(TOTAL)));
            }
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return new Parsed(title, unitRow(header), roots, responsible, counts[0], counts[1], responsible.size(), proposals);
    }

    /**
     * The row's levels, opened or continued in {@code open}: how many there are above its target, or -1 when the
     * row cannot be placed.
     */
    private int path(Grid.Row row, List<Level> open, List<Level> all, Level root) {
        int depth = 0;
        boolean written = false;
        for (int k = 0; k < levels.size(); k++) {
            String text = row.cell(levels.get(k));
            if (text.isEmpty() && !written && k < open.size()) {
                depth = k + 1;
                continue;
            }
            if (text.isEmpty() || text.equals(NONE)) {
                for (int j = k + 1; j < levels.size(); j++) {
                    String deeper = row.cell(levels.get(j));
                    if (!deeper.isEmpty() && !deeper.equals(NONE)) {
                        errors.add(at(row.number(), levels.get(j), "a " + NUMERALS.charAt(j) + "级指标 without a "
                                + NUMERALS.charAt(k) + "级指标 above it"));
                        return -1;
                    }
                }
                break;
            }
            written = true;
            if (k < open.size() && open.get(k).text.equals(text)) {
                depth = k + 1;
                continue;
            }
            Level level = level(row, k, text);
            (k == 0 ? root : open.get(k - 1)).children.add(level);
            open.subList(k, open.size()).clear();
            open.add(level);
            all.add(level);
            depth = k + 1;
        }
        open.subList(depth, open.size()).clear();
        return depth;
    }

    /** The tree below a level, coded as published ("1", "1.2"; items by their 序号), each level's sum checked. */
    private List<IndicatorNode> nodes(Level level, String code, int depth, int[] counts) {
        List<IndicatorNode> nodes = new ArrayList<>();
        int levelIndex = 0;
        for (Object child : level.children) {
            if (child instanceof Item i) {
                nodes.add(node(i));
                counts[1] += i.rows.size() > 1 ? 1 : 0;
                continue;
            }
            Level l = (Level) child;
            counts[0] += depth == 2 ? 1 : 0;
            String own = code.isEmpty() ? String.valueOf(++levelIndex) : code + "." + ++levelIndex;
            List<IndicatorNode> children = nodes(l, own, depth + 1, counts);
            BigDecimal sum = children.stream().map(IndicatorNode::getWeight).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (l.weight != null && sum.compareTo(l.weight) != 0) {
                boolean targets = l.children.stream().allMatch(Item.class::isInstance);
                errors.add(at(l.row, l.column, l.name + " is " + plain(l.weight) + " points, its "
                        + (targets ? "targets" : "parts") + " add up to " + plain(sum)));
            }
            nodes.add(new IndicatorNode().code(own).name(l.name)
                    .weight((l.weight == null ? sum : l.weight).stripTrailingZeros()).children(children));
        }
        return nodes;
    }

    /** Each known column's index in a header of one or two rows; the level columns and their weights into the lists given. */
    private Map<Column, Integer> match(Map<Integer, String> titles, List<Integer> levelColumns, Map<Integer, Integer> weights) {
        Map<Column, Integer> found = new EnumMap<>(Column.class);
        Map<Integer, Integer> numbered = new TreeMap<>();
        List<Integer> unnumbered = new ArrayList<>();
        new TreeMap<>(titles).forEach((index, value) -> {
            String title = normal(value);
            Matcher weight = LEVEL_WEIGHT.matcher(title);
            Matcher level = LEVEL.matcher(title);
            if (weight.find()) {
                weights.putIfAbsent(NUMERALS.indexOf(weight.group(1)), index);
                return;
            }
            if (level.find() && !title.contains("内容")) {
                numbered.putIfAbsent(NUMERALS.indexOf(level.group(1)), index);
                return;
            }
            for (Column c : Column.values()) {
                if (!found.containsKey(c) && List.of(c.titles).stream().anyMatch(title::contains)) {
                    found.put(c, index);
                    return;
                }
            }
            if (LEVEL_TITLES.contains(title)) {
                unnumbered.add(index);
            }
        });
        levelColumns.addAll(numbered.isEmpty() ? unnumbered : numbered.values());
        return found;
    }

    private int findHeader() {
        List<Grid.Row> rows = grid.rows();
        for (int i = 0; i < Math.min(rows.size(), 30); i++) {
            List<Integer> levelColumns = new ArrayList<>();
            Map<Integer, Integer> weights = new HashMap<>();
            Map<Column, Integer> found = match(rows.get(i).cells(), levelColumns, weights);
            headerRows = 1;
            if (i + 1 < rows.size() && found.size() + levelColumns.size() > 0) {
                // a title over two rows: 责任 above 领导 | 科室 | 人, or 考核指标 above 一级指标 | 二级指标
                Map<Integer, String> both = new HashMap<>(rows.get(i).cells());
                rows.get(i + 1).cells().forEach((index, value) -> both.merge(index, value, (top, bottom) ->
                        normal(bottom).isEmpty() ? top : normal(top).equals(normal(bottom)) ? bottom : top + bottom));
                List<Integer> twoLevels = new ArrayList<>();
                Map<Integer, Integer> twoWeights = new HashMap<>();
                Map<Column, Integer> two = match(both, twoLevels, twoWeights);
                if (complete(two) && two.size() + twoLevels.size() > found.size() + levelColumns.size()) {
                    headerRows = 2;
                    found = two;
                    levelColumns = twoLevels;
                    weights = twoWeights;
                }
            }
            if (complete(found) && found.size() + levelColumns.size() >= 3) {
                columns.putAll(found);
                levels.addAll(levelColumns);
                weights.forEach((level, index) -> {
                    if (level < levels.size()) {
                        levelWeights.put(level, index);
                    }
                });
                return i;
            }
        }
        return -1;
    }

    /** A header has a weight and a target's text, at least. */
    private static boolean complete(Map<Column, Integer> found) {
        return found.containsKey(Column.WEIGHT) && (found.containsKey(Column.CONTENT) || found.containsKey(Column.NAME));
    }

    /** A title as offices type it: full-width letters and brackets made plain, spaces and line breaks taken out. */
    static String normal(String title) {
        return Normalizer.normalize(title, Normalizer.Form.NFKC).replaceAll("\\s", "");
    }

    private String title(int header) {
        for (Grid.Row row : grid.rows().subList(0, header)) {
            for (String value : row.cells().values()) {
                if (!value.isBlank() && !value.contains("参评单位") && !value.contains("填报")) {
                    return value.strip();
                }
            }
        }
        return null;
    }

    private Map.Entry<Integer, String> unitRow(int header) {
        for (Grid.Row row : grid.rows().subList(0, header)) {
            for (String value : row.cells().values()) {
                if (value.contains("参评单位") || value.contains("填报单位")) {
                    return Map.entry(row.number(), value.strip());
                }
            }
        }
        return null;
    }

    /** A level named in row's column k: its weight from its own column, or its name, or (neither) its targets. */
    private Level level(Grid.Row row, int k, String text) {
        String name = text;
        BigDecimal weight = null;
        Integer weightColumn = levelWeights.get(k);
        String own = weightColumn == null ? "" : row.cell(weightColumn);
        Matcher m = WEIGHT_IN_NAME.matcher(name);
        if (!own.isEmpty()) {
            try {
                weight = new BigDecimal(own.replace("分", "").strip());
            } catch (NumberFormatException e) {
                errors.add(at(row.number(), weightColumn, "\"" + own + "\" is not a number"));
            }
        } else if (m.find() && m.start() > 0) {
            weight = new BigDecimal(m.group(1));
            name = name.substring(0, m.start()).strip();
        }
        return new Level(text, name, weight, row.number(), levels.get(k));
    }

    private IndicatorNode leaf(Grid.Row row) {
        String content = cell(row, Column.CONTENT);
        String name = cell(row, Column.NAME);
        String weightText = cell(row, Column.WEIGHT);
        if (content.isEmpty() && name.isEmpty()) {
            errors.add(error(row.number(), columns.containsKey(Column.CONTENT) ? Column.CONTENT : Column.NAME,
                    "a row with neither 目标内容 nor 目标名称"));
            return null;
        }
        if (weightText.isEmpty()) {
            errors.add(error(row.number(), Column.WEIGHT, "the target has no weight"));
            return null;
        }
        BigDecimal weight = number(row, Column.WEIGHT, weightText);
        if (weight == null) {
            return null;
        }
        if (weight.stripTrailingZeros().scale() > 2 || weight.signum() < 0) {
            errors.add(error(row.number(), Column.WEIGHT, weightText + " is not a weight of at most 2 decimals"));
            return null;
        }
        String text = content.isEmpty() ? name : content;
        if (text.length() > NAME_MAX) {
            errors.add(error(row.number(), Column.CONTENT, "longer than " + NAME_MAX + " characters"));
            return null;
        }
        if (!content.isEmpty() && name.length() > DESCRIPTION_MAX) {
            errors.add(error(row.number(), Column.NAME, "longer than " + DESCRIPTION_MAX + " characters"));
            return null;
        }
        // kept for node(): the item's name, when it has one, names a single-row item, and the content describes it
        return new IndicatorNode().name(text).description(name.isEmpty() || content.isEmpty() ? null : name)
                .weight(weight.stripTrailingZeros());
    }

    /** A single-row item is one leaf (named by 目标名称 when it has one); several rows are a group of leaves a, b, c. */
    private static IndicatorNode node(Item item) {
        if (item.rows.size() == 1) {
            IndicatorNode leaf = item.rows.get(0);
            String itemName = leaf.getDescription();
            if (itemName != null) {
                leaf.description(leaf.getName()).name(itemName);
            }
            return leaf.code(item.code);
        }
        BigDecimal sum = BigDecimal.ZERO;
        List<IndicatorNode> children = new ArrayList<>();
        for (int i = 0; i < item.rows.size(); i++) {
            IndicatorNode leaf = item.rows.get(i).description(null);
            leaf.code(item.code == null ? null : item.code + " " + (char) ('a' + i));
            children.add(leaf);
            sum = sum.add(leaf.getWeight());
        }
        String name = item.name != null ? item.name : item.code != null ? item.code : children.get(0).getName();
        return new IndicatorNode().code(item.code).name(name).weight(sum.stripTrailingZeros()).children(children);
    }

    private List<Named> names(Grid.Row row) {
        List<Named> names = new ArrayList<>();
        split(row, Column.LEADERS, AssignmentRole.LEADER, names);
        split(row, Column.DEPARTMENTS, AssignmentRole.DEPARTMENT, names);
        split(row, Column.PERSONS, AssignmentRole.PERSON, names);
        return names;
    }

    private void split(Grid.Row row, Column column, AssignmentRole role, List<Named> names) {
        String text = cell(row, column);
        List<Named> found = new ArrayList<>();
        // the collective entries contain "、" themselves: take them out before splitting
        text = collective(text, ALL_HEADS, role == AssignmentRole.PERSON ? Collective.ALL_DEPARTMENT_HEADS : null, role, row, column, found);
        text = collective(text, ALL_DEPARTMENTS, role == AssignmentRole.DEPARTMENT ? Collective.ALL_DEPARTMENTS : null, role, row, column, found);
        for (String name : Layout.SEPARATORS.split(text)) {
            name = name.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (COLLECTIVE.matcher(name).matches()) {
                // 各科室, 直属各单位, 全体…: everyone of a kind, not a person or department of that name
                Collective c = name.endsWith("负责人") ? Collective.ALL_DEPARTMENT_HEADS : Collective.ALL_DEPARTMENTS;
                if (role == AssignmentRole.LEADER) {
                    errors.add(error(row.number(), column, "\"" + name + "\" is not a " + column.titles[0]));
                } else if (found.stream().noneMatch(n -> n.collective() == c)) {
                    found.add(new Named(c == Collective.ALL_DEPARTMENTS ? AssignmentRole.DEPARTMENT : AssignmentRole.PERSON,
                            c == Collective.ALL_DEPARTMENTS ? ALL_DEPARTMENTS : ALL_HEADS, c, false));
                }
                continue;
            }
            found.add(new Named(role, name, null, false));
        }
        for (int i = 0; i < found.size(); i++) {
            Named n = found.get(i);
            names.add(new Named(n.role(), n.name(), n.collective(), i == 0));
        }
    }

    private String collective(String text, String phrase, Collective collective, AssignmentRole role, Grid.Row row,
                              Column column, List<Named> found) {
        if (!text.contains(phrase)) {
            return text;
        }
        if (collective == null) {
            errors.add(error(row.number(), column, "\"" + phrase + "\" is not a " + column.titles[0]));
        } else {
            found.add(new Named(role, phrase, collective, false));
        }
        return text.replace(phrase, "\n");
    }

    /**
     * A subtotal (小计) or total (合计, 总分) row, which the import checks and does not keep. Its label stands anywhere
     * but in the 评分标准, whose free text may well begin with 合计 ("合计扣分不超过5分").
     */
    private boolean sumRow(Grid.Row row) {
        Integer criteria = columns.get(Column.CRITERIA);
        return row.cells().entrySet().stream().filter(c -> !c.getKey().equals(criteria))
                .map(c -> normal(c.getValue())).anyMatch(TableParser::sumWords);
    }

    /**
     * Every cell of the table that holds a NUL character: spreadsheets allow it, PostgreSQL keeps no NUL in text, and a
     * title, name or 评分标准 stored with one would fail; the person is told which cells to clean instead.
     */
    private void nul() {
        for (Grid.Row row : grid.rows()) {
            row.cells().forEach((column, text) -> {
                if (text.indexOf('\u0000') >= 0) {
                    errors.add(at(row.number(), column, "the cell holds a NUL character (U+0000), which no text can keep: remove it"));
                }
            });
        }
    }

    static boolean sumWords(String normal) {
        return normal.startsWith("小计") || normal.startsWith("合计") || normal.startsWith("总计") || normal.contains("考评总分")
                || normal.equals("总分");
    }

    /** A subtotal must be the sum of the targets of one of the levels still open (or of the whole table). */
    private void checkSum(Grid.Row row, List<Level> open, Level root) {
        String text = cell(row, Column.WEIGHT);
        if (text.isEmpty()) {
            return;
        }
        BigDecimal value = number(row, Column.WEIGHT, text);
        if (value != null && root.leaves.compareTo(value) != 0 && open.stream().noneMatch(l -> l.leaves.compareTo(value) == 0)) {
            errors.add(error(row.number(), Column.WEIGHT, "the subtotal says " + plain(value) + ", the targets above add up to "
                    + plain(open.isEmpty() ? root.leaves : open.get(0).leaves)));
        }
    }

    private BigDecimal number(Grid.Row row, Column column, String text) {
        try {
            return new BigDecimal(text.replace("分", "").strip());
        } catch (NumberFormatException e) {
            errors.add(error(row.number(), column, "\"" + text + "\" is not a number"));
            return null;
        }
    }

    private String cell(Grid.Row row, Column column) {
        Integer index = columns.get(column);
        return index == null ? "" : row.cell(index);
    }

    private RowError error(int row, Column column, String message) {
        return new RowError().row(row).column(column == null || !columns.containsKey(column) ? null
                : Grid.column(columns.get(column))).message(message);
    }

    private static RowError at(int row, int column, String message) {
        return new RowError().row(row).column(Grid.column(column)).message(message);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}

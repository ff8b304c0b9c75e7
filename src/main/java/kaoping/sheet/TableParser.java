package kaoping.sheet;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import kaoping.api.model.AssignmentRole;
import kaoping.api.model.Collective;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.RowError;

/**
 * The 考评表 as published, read into an indicator tree with who answers for each target: levels from merged (or
 * repeated) cells with their weights in the names, items by 序号, one target per row, stacked names split. Every
 * problem is collected with its row and column; a table with problems gives no tree.
 */
final class TableParser {
    /** The columns the import knows, by the titles offices use for them; the more specific titles first. */
    enum Column {
        LEVEL1_WEIGHT("一级权重", "一级指标权重", "一级分值"),
        LEVEL2_WEIGHT("二级权重", "二级指标权重", "二级分值"),
        LEVEL1("一级指标"),
        LEVEL2("二级指标"),
        CODE("序号", "编号"),
        NAME("目标名称", "项目名称"),
        CONTENT("目标内容", "目标任务", "考评内容", "工作内容"),
        WEIGHT("权重", "分值", "分数"),
        LEADERS("责任领导", "分管领导"),
        DEPARTMENTS("责任科室", "责任单位", "责任部门"),
        PERSONS("责任人"),
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
                  Map<IndicatorNode, List<Named>> responsible, int level2, int groups, int leaves) {
    }

    /** The table's problems; nothing of it may be stored. */
    static final class Invalid extends Exception {
        final transient List<RowError> rows;

        Invalid(List<RowError> rows) {
            super(rows.size() + " problem(s) in the table");
            this.rows = rows;
        }
    }

    private static final Pattern WEIGHT_IN_NAME = Pattern.compile("[（(]?\\s*(\\d+(?:\\.\\d+)?)\\s*分\\s*[）)]?\\s*$");
    private static final String ALL_HEADS = "各科室、直属各单位负责人";
    private static final String ALL_DEPARTMENTS = "各科室、直属各单位";
    private static final int NAME_MAX = 500;
    private static final BigDecimal TOTAL = new BigDecimal(100);

    private final Grid grid;
    private final List<RowError> errors = new ArrayList<>();
    private final Map<Column, Integer> columns = new EnumMap<>(Column.class);

    private TableParser(Grid grid) {
        this.grid = grid;
    }

    static Parsed parse(Grid grid) throws Invalid {
        return new TableParser(grid).run();
    }

    /** A level node while its rows are read: where it was named, for messages. */
    private static final class Level {
        final IndicatorNode node;
        final String text;
        final int row;
        final int column;
        BigDecimal leaves = BigDecimal.ZERO;

        Level(IndicatorNode node, String text, int row, int column) {
            this.node = node;
            this.text = text;
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
                    "no header row: the table needs the titles 一级指标, 二级指标, 目标内容 (or 目标名称) and 权重 in one row")));
        }
        Grid.Row headerRow = grid.rows().get(header);
        for (Column required : List.of(Column.LEVEL1, Column.LEVEL2, Column.WEIGHT)) {
            if (!columns.containsKey(required)) {
                errors.add(error(headerRow.number(), null, "no column " + required.titles[0]));
            }
        }
        if (!columns.containsKey(Column.CONTENT) && !columns.containsKey(Column.NAME)) {
            errors.add(error(headerRow.number(), null, "no column 目标内容 or 目标名称"));
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        String title = title(header);
        Map<IndicatorNode, List<Named>> responsible = new IdentityHashMap<>();
        List<Level> level1s = new ArrayList<>();
        List<Level> level2s = new ArrayList<>();
        Level l1 = null;
        Level l2 = null;
        Item item = null;
        List<Item> items = new ArrayList<>();
        Map<Level, List<Item>> itemsOf = new IdentityHashMap<>();
        BigDecimal all = BigDecimal.ZERO;
        int lastRow = headerRow.number();
        for (Grid.Row row : grid.rows().subList(header + 1, grid.rows().size())) {
            if (row.blank()) {
                continue;
            }
            lastRow = row.number();
            if (contains(row, "小计")) {
                checkSum(row, "subtotal", l1 == null ? BigDecimal.ZERO : l1.leaves, l2 == null ? null : l2.leaves);
                continue;
            }
            if (contains(row, "总分") || contains(row, "合计")) {
                checkSum(row, "total", all, null);
                continue;
            }
            String l1Text = cell(row, Column.LEVEL1);
            String l2Text = cell(row, Column.LEVEL2);
            if (l1 == null && l1Text.isEmpty()) {
                errors.add(error(row.number(), Column.LEVEL1, "a target before any 一级指标"));
                continue;
            }
            if (l1 == null || (!l1Text.isEmpty() && !l1Text.equals(l1.text))) {
                l1 = level(row, Column.LEVEL1, Column.LEVEL1_WEIGHT, l1Text, String.valueOf(level1s.size() + 1));
                level1s.add(l1);
                l2 = null;
            }
            if (l2 == null && l2Text.isEmpty()) {
                errors.add(error(row.number(), Column.LEVEL2, "a target before any 二级指标 of " + l1.node.getName()));
                continue;
            }
            if (l2 == null || (!l2Text.isEmpty() && !l2Text.equals(l2.text))) {
                l2 = level(row, Column.LEVEL2, Column.LEVEL2_WEIGHT, l2Text,
                        l1.node.getCode() + "." + (l1.node.getChildren().size() + 1));
                level2s.add(l2);
                l1.node.addChildrenItem(l2.node);
                item = null;
            }
            String code = cell(row, Column.CODE);
            String name = cell(row, Column.NAME);
            boolean same = item != null && itemsOf.get(l2) != null && itemsOf.get(l2).contains(item)
                    && (!code.isEmpty() ? code.equals(item.code) : !name.isEmpty() && name.equals(item.name));
            if (!same) {
                item = new Item(code.isEmpty() ? null : code, name.isEmpty() ? null : name);
                items.add(item);
                itemsOf.computeIfAbsent(l2, k -> new ArrayList<>()).add(item);
            }
            IndicatorNode leaf = leaf(row);
            if (leaf == null) {
                continue;
            }
            item.rows.add(leaf);
            responsible.put(leaf, names(row));
            l1.leaves = l1.leaves.add(leaf.getWeight());
            l2.leaves = l2.leaves.add(leaf.getWeight());
            all = all.add(leaf.getWeight());
        }
        int groups = 0;
        for (Level level : level2s) {
            for (Item i : itemsOf.getOrDefault(level, List.of())) {
                level.node.addChildrenItem(node(i));
                groups += i.rows.size() > 1 ? 1 : 0;
            }
        }
        checkWeights(level1s, level2s, all, lastRow);
        if (items.isEmpty() && errors.isEmpty()) {
            errors.add(error(headerRow.number(), null, "the table has no targets below its header"));
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors);
        }
        return new Parsed(title, unitRow(header), level1s.stream().map(l -> l.node).toList(), responsible,
                level2s.size(), groups, responsible.size());
    }

    private int findHeader() {
        List<Grid.Row> rows = grid.rows();
        for (int i = 0; i < Math.min(rows.size(), 30); i++) {
            Map<Column, Integer> found = new EnumMap<>(Column.class);
            rows.get(i).cells().forEach((index, value) -> {
                String title = value.replaceAll("\\s", "");
                for (Column c : Column.values()) {
                    if (!found.containsKey(c) && List.of(c.titles).stream().anyMatch(title::contains)) {
                        found.put(c, index);
                        break;
                    }
                }
            });
            if (found.size() >= 4 && found.containsKey(Column.LEVEL1)) {
                columns.putAll(found);
                return i;
            }
        }
        return -1;
    }

    private String title(int header) {
        for (Grid.Row row : grid.rows().subList(0, header)) {
            for (String value : row.cells().values()) {
                if (!value.isBlank() && !value.contains("参评单位")) {
                    return value.strip();
                }
            }
        }
        return null;
    }

    private Map.Entry<Integer, String> unitRow(int header) {
        for (Grid.Row row : grid.rows().subList(0, header)) {
            for (String value : row.cells().values()) {
                if (value.contains("参评单位")) {
                    return Map.entry(row.number(), value.strip());
                }
            }
        }
        return null;
    }

    private Level level(Grid.Row row, Column column, Column weightColumn, String text, String code) {
        String name = text.replaceAll("\\s+", "");
        BigDecimal weight = null;
        Matcher m = WEIGHT_IN_NAME.matcher(name);
        if (m.find()) {
            weight = new BigDecimal(m.group(1));
            name = name.substring(0, m.start()).strip();
        }
        String own = cell(row, weightColumn);
        if (!own.isEmpty()) {
            weight = number(row, weightColumn, own);
        }
        if (weight == null) {
            errors.add(error(row.number(), column, "the weight of " + name + " is missing: write it in the name (\""
                    + name + "65分\") or in a " + weightColumn.titles[0] + " column"));
            weight = BigDecimal.ZERO;
        }
        IndicatorNode node = new IndicatorNode().code(code).name(name).weight(weight.stripTrailingZeros());
        node.setChildren(new ArrayList<>());
        return new Level(node, text, row.number(), columns.get(column));
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
        for (String name : text.split("[\\r\\n、,，;；]+")) {
            if (!name.isBlank()) {
                found.add(new Named(role, name.strip(), null, false));
            }
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

    private void checkSum(Grid.Row row, String what, BigDecimal expected, BigDecimal orLevel2) {
        String text = cell(row, Column.WEIGHT);
        if (text.isEmpty()) {
            return;
        }
        BigDecimal value = number(row, Column.WEIGHT, text);
        if (value != null && value.compareTo(expected) != 0 && (orLevel2 == null || value.compareTo(orLevel2) != 0)) {
            errors.add(error(row.number(), Column.WEIGHT, "the " + what + " says " + value.stripTrailingZeros().toPlainString()
                    + ", the targets above add up to " + expected.stripTrailingZeros().toPlainString()));
        }
    }

    private void checkWeights(List<Level> level1s, List<Level> level2s, BigDecimal all, int lastRow) {
        for (Level l2 : level2s) {
            if (l2.leaves.compareTo(l2.node.getWeight()) != 0) {
                errors.add(at(l2.row, l2.column, l2.node.getName() + " is " + plain(l2.node.getWeight())
                        + " points, its targets add up to " + plain(l2.leaves)));
            }
        }
        for (Level l1 : level1s) {
            BigDecimal sum = l1.node.getChildren().stream().map(IndicatorNode::getWeight).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (sum.compareTo(l1.node.getWeight()) != 0) {
                errors.add(at(l1.row, l1.column, l1.node.getName() + " is " + plain(l1.node.getWeight())
                        + " points, its 二级指标 add up to " + plain(sum)));
            }
        }
        BigDecimal level1Sum = level1s.stream().map(l -> l.node.getWeight()).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (!level1s.isEmpty() && level1Sum.compareTo(TOTAL) != 0) {
            errors.add(error(lastRow, null, "the 一级指标 add up to " + plain(level1Sum) + ", not " + plain(TOTAL)));
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

    private static boolean contains(Grid.Row row, String word) {
        return row.cells().values().stream().anyMatch(v -> v.replaceAll("\\s", "").contains(word));
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

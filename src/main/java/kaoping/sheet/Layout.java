package kaoping.sheet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import kaoping.api.model.IndicatorNode;

/**
 * How a tree is laid out as a 考评表, and what of a tree that layout cannot carry: the import reads a table back by
 * its cells alone, so two neighbours that would read as one, or a name that reads as a subtotal or as a list of
 * names, would come back as another tree. Such a plan is refused rather than exported with rows that lie.
 */
final class Layout {
    static final Pattern SEPARATORS = Pattern.compile("[\\r\\n、,，;；/／]+");

    private Layout() {
    }

    /**
     * A node printed as one item of several rows (序号 merged, the targets a, b, c) as the published table does, not
     * as a level: below the second level, with two or more targets and nothing the import could not give back.
     */
    static boolean group(IndicatorNode node, int depth) {
        List<IndicatorNode> children = SheetExport.children(node);
        if (depth < 3 || children.size() < 2) {
            return false;
        }
        for (int i = 0; i < children.size(); i++) {
            IndicatorNode child = children.get(i);
            String code = node.getCode() == null ? null : node.getCode() + " " + (char) ('a' + i);
            if (!SheetExport.children(child).isEmpty() || child.getDescription() != null
                    || !Objects.equals(code, child.getCode())) {
                return false;
            }
        }
        return true;
    }

    /** What would not read back, named by node; empty when the tree can be laid out. */
    static List<String> problems(List<SheetExport.Line> lines) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            SheetExport.Line line = lines.get(i);
            for (IndicatorNode level : line.levels()) {
                text(level.getName(), problems);
                if (level.getName().strip().equals(TableParser.NONE)) {
                    problems.add("the level \"" + TableParser.NONE + "\" reads as no level at all");
                }
            }
            text(line.leaf().getName(), problems);
            if (line.group() != null) {
                text(line.group().getName(), problems);
            }
            for (String names : List.of(line.leaders(), line.departments(), line.persons())) {
                for (String name : names.split("\n")) {
                    if (!name.isEmpty() && !name.contains("各") && SEPARATORS.matcher(name).find()) {
                        problems.add("\"" + name + "\" would read back as several names");
                    }
                }
            }
            if (i > 0) {
                neighbours(lines.get(i - 1), line, problems);
            }
        }
        return problems.stream().distinct().limit(20).toList();
    }

    /** Two neighbouring levels, or items, the import would take for one. */
    private static void neighbours(SheetExport.Line before, SheetExport.Line line, List<String> problems) {
        int common = Math.min(before.levels().size(), line.levels().size());
        for (int k = 0; k < common; k++) {
            IndicatorNode a = before.levels().get(k);
            IndicatorNode b = line.levels().get(k);
            if (a != b) {
                if (a.getName().strip().equals(b.getName().strip())) {
                    problems.add("the neighbouring levels \"" + a.getName() + "\" would read back as one");
                }
                return;
            }
        }
        boolean sameParent = before.levels().size() == line.levels().size();
        boolean sameItem = line.group() != null && line.group() == before.group();
        if (!sameParent || sameItem) {
            return;
        }
        String code = blank(SheetExport.code(line));
        String name = SheetExport.itemName(line);
        boolean one = !code.isEmpty() ? code.equals(blank(SheetExport.code(before)))
                : !name.isEmpty() && name.equals(SheetExport.itemName(before));
        if (one) {
            problems.add("the neighbouring targets \"" + line.leaf().getName() + "\" and \"" + before.leaf().getName()
                    + "\" have the same 序号 or 目标名称 and would read back as one item");
        }
    }

    /** A text that would make its row read as a subtotal or total. */
    private static void text(String text, List<String> problems) {
        String normal = TableParser.normal(text);
        if (TableParser.sumWords(normal)) {
            problems.add("\"" + text + "\" reads as a subtotal or total row");
        }
    }

    private static String blank(String text) {
        return text == null ? "" : text.strip();
    }
}

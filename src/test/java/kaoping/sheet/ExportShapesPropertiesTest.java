package kaoping.sheet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import kaoping.api.model.Assignment;
import kaoping.api.model.AssignmentRole;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.Responsibility;

/**
 * Every shape of tree out and back in: depths 1 to 5, uneven depths in one tree, groups of targets, names with
 * commas, quotes, line breaks, a leading = or apostrophe, weights in the names, 评分标准 of any wording (a leading 合计,
 * 小计 or formula among them); the .xlsx and the .csv each read back as the same tree (names, weights, order,
 * descriptions and 评分标准 of targets) with the same people in the same roles.
 */
class ExportShapesPropertiesTest {
    private static final ImportLimits LIMITS = new ImportLimits(20 << 20, 32 << 20, 10_000, 64, 32_767, 16_000_000, 100);
    private static final List<String> PREFIXES = List.of("", "=", "-", "'", "@", "+");
    private static final List<String> SUFFIXES = List.of("目标", ",甲", "\"引\"乙", "\n第二行", "(5分)", "得5分", "1", "a,b\nc",
            " 空 格", "=SUM(A1)");
    private static final List<String> PEOPLE = List.of("张三", "李四", "王五", "赵六");
    private static final List<String> DEPARTMENTS = List.of("办公室", "法规科", "执法大队");
    /** 评分标准 as tables word them, and texts a table could mistake: a leading 合计 or formula, commas, quotes, lines. */
    private static final List<String> CRITERIA = List.of("每发现一次扣0.5分，扣完为止", "完成得满分，未完成不得分",
            "合计扣分不超过本项分值", "=IF(A1>0,1,0)", "'已引", "-1分/次", "目标值500万元,挑战值525万元", "按\"优\"\"良\"评定\r\n第二行",
            "@全体,每项1分\n未报送不得分", "小计：见附表");

    /** A tree drawn from the seed, exactly 100 points, with its assignments by leaf id. */
    private record Drawn(List<IndicatorNode> roots, Map<UUID, List<Assignment>> byNode) {
    }

    private static Drawn draw(long seed, int depth) {
        Random random = new Random(seed);
        int[] count = {0};
        Map<UUID, List<Assignment>> byNode = new HashMap<>();
        List<IndicatorNode> roots = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            roots.add(node(random, 1, depth, count, byNode));
        }
        // the first leaf takes what the others leave of 100
        BigDecimal sum = roots.stream().map(IndicatorNode::getWeight).reduce(BigDecimal.ZERO, BigDecimal::add);
        IndicatorNode first = roots.get(0);
        List<IndicatorNode> path = new ArrayList<>(List.of(first));
        while (first.getChildren() != null && !first.getChildren().isEmpty()) {
            first = first.getChildren().get(0);
            path.add(first);
        }
        BigDecimal rest = new BigDecimal(100).subtract(sum);
        path.forEach(p -> p.setWeight(p.getWeight().add(rest)));
        return new Drawn(roots, byNode);
    }

    private static IndicatorNode node(Random random, int at, int depth, int[] count, Map<UUID, List<Assignment>> byNode) {
        String name = PREFIXES.get(random.nextInt(PREFIXES.size())) + "名" + ++count[0]
                + SUFFIXES.get(random.nextInt(SUFFIXES.size()));
        IndicatorNode node = new IndicatorNode().id(UUID.randomUUID()).name(name);
        boolean leaf = at == depth || (at > 1 && random.nextInt(4) == 0) || count[0] > 40;
        if (leaf) {
            node.weight(List.of(new BigDecimal("0.5"), BigDecimal.ONE, new BigDecimal(2)).get(random.nextInt(3)));
            if (random.nextInt(3) == 0) {
                node.description("说明" + count[0] + ",含逗号\n与换行");
            }
            if (random.nextInt(3) > 0) {
                node.criteria(CRITERIA.get(random.nextInt(CRITERIA.size())));
            }
            List<Assignment> assignments = new ArrayList<>();
            assign(random, AssignmentRole.LEADER, PEOPLE, assignments);
            assign(random, AssignmentRole.DEPARTMENT, DEPARTMENTS, assignments);
            assign(random, AssignmentRole.PERSON, PEOPLE, assignments);
            byNode.put(node.getId(), assignments);
            return node;
        }
        List<IndicatorNode> children = new ArrayList<>();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            children.add(node(random, at + 1, depth, count, byNode));
        }
        return node.children(children)
                .weight(children.stream().map(IndicatorNode::getWeight).reduce(BigDecimal.ZERO, BigDecimal::add));
    }

    private static void assign(Random random, AssignmentRole role, List<String> pool, List<Assignment> into) {
        List<String> names = new ArrayList<>(pool);
        java.util.Collections.shuffle(names, random);
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
            into.add(new Assignment().role(role).name(names.get(i))
                    .responsibility(i == 0 ? Responsibility.LEAD : Responsibility.SUPPORT));
        }
    }

    @Property(tries = 150)
    void everyShapeReadsBackFromTheXlsx(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int depth) throws Exception {
        roundTrip(draw(seed, depth), "xlsx");
    }

    @Property(tries = 150)
    void everyShapeReadsBackFromTheCsv(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int depth) throws Exception {
        roundTrip(draw(seed, depth), "csv");
    }

    private static void roundTrip(Drawn drawn, String format) throws Exception {
        List<SheetExport.Line> lines = SheetExport.lines(drawn.roots(), drawn.byNode());
        assertEquals(List.of(), Layout.problems(lines), "a drawn tree of distinct names can be laid out");
        Path file = Files.createTempFile("shape", "." + format);
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                if (format.equals("xlsx")) {
                    SheetExport.xlsx("2026年度测试单位考评表", "测试单位", drawn.roots(), lines, Map.of(), List.of(), out);
                } else {
                    SheetExport.csv(lines, Map.of(), List.of(), out);
                }
            }
            TableParser.Parsed parsed = TableParser.parse(SheetReader.read(file, LIMITS));
            assertEquals(shape(drawn.roots()), shape(parsed.roots()));
            List<String> expected = new ArrayList<>();
            leaves(drawn.roots()).forEach(leaf -> expected.add(people(drawn.byNode().get(leaf.getId()))));
            List<String> actual = new ArrayList<>();
            leaves(parsed.roots()).forEach(leaf -> actual.add(parsed.responsible().get(leaf).stream()
                    .map(n -> n.role() + ":" + n.name() + (n.lead() ? "*" : "")).toList().toString()));
            assertEquals(expected, actual);
        } catch (TableParser.Invalid e) {
            throw new AssertionError(e.rows.toString(), e);
        } finally {
            Files.delete(file);
        }
    }

    /** Names, weights, descriptions and 评分标准 of targets and order; codes and ids are the table's own. */
    private static String shape(List<IndicatorNode> nodes) {
        StringBuilder out = new StringBuilder();
        for (IndicatorNode n : nodes) {
            out.append('[').append(n.getName()).append('|').append(n.getWeight().stripTrailingZeros().toPlainString());
            if (n.getChildren() == null || n.getChildren().isEmpty()) {
                out.append('|').append(n.getDescription()).append('|').append(n.getCriteria());
            } else {
                out.append(shape(n.getChildren()));
            }
            out.append(']');
        }
        return out.toString();
    }

    private static List<IndicatorNode> leaves(List<IndicatorNode> nodes) {
        List<IndicatorNode> leaves = new ArrayList<>();
        for (IndicatorNode n : nodes) {
            leaves.addAll(n.getChildren() == null || n.getChildren().isEmpty() ? List.of(n) : leaves(n.getChildren()));
        }
        return leaves;
    }

    private static String people(List<Assignment> assignments) {
        List<String> out = new ArrayList<>();
        for (AssignmentRole role : List.of(AssignmentRole.LEADER, AssignmentRole.DEPARTMENT, AssignmentRole.PERSON)) {
            assignments.stream().filter(a -> a.getRole() == role)
                    .forEach(a -> out.add(role + ":" + a.getName() + (a.getResponsibility() == Responsibility.LEAD ? "*" : "")));
        }
        return out.toString();
    }
}

package kaoping.scoring.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import kaoping.scoring.engine.Node.Band;
import kaoping.scoring.engine.Node.Inputs;
import kaoping.scoring.engine.Node.Leaf;

/**
 * Scoring a whole plan: 10 level-1 nodes of 10 level-2 nodes each, the leaves spread evenly below, every method
 * in turn with full inputs, breakdown and formulas included. Run with {@code bench/engine.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class EngineBenchmark {
    @Param({"100", "10000", "100000"})
    public int leaves;

    private Rules rules;
    private List<Node> tree;

    @Setup
    public void build() {
        Map<String, BigDecimal> scale = new LinkedHashMap<>();
        scale.put("优", BigDecimal.ONE);
        scale.put("良", new BigDecimal("0.8"));
        rules = new Rules(BigDecimal.valueOf(leaves), Rules.Aggregation.MEAN, BigDecimal.ZERO, false, new BigDecimal(3), null,
                scale, List.of(new Rules.GradeBand(new BigDecimal(90), "优秀"), new Rules.GradeBand(BigDecimal.ZERO, "不合格")),
                List.of(new Rules.Component(Rules.INDICATOR, BigDecimal.ONE)));
        int perGroup = leaves / 100;
        tree = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < 10; i++) {
            List<Node> groups = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                List<Node> leafNodes = new ArrayList<>();
                for (int k = 0; k < perGroup; k++) {
                    leafNodes.add(leaf(n++));
                }
                groups.add(new Node(null, (i + 1) + "." + (j + 1), "group", BigDecimal.valueOf(perGroup), leafNodes, null, null));
            }
            tree.add(new Node(null, String.valueOf(i + 1), "level 1", BigDecimal.valueOf(perGroup * 10L), groups, null, null));
        }
    }

    private static Node leaf(int n) {
        BigDecimal w = BigDecimal.ONE;
        BigDecimal target = new BigDecimal(20);
        Leaf leaf = switch (n % 6) {
            case 0 -> Leaf.MANUAL;
            case 1 -> new Leaf(Method.GRADE, null, null, null, true, List.of(), null, null);
            case 2 -> new Leaf(Method.RATIO, target, null, null, true, List.of(), null, null);
            case 3 -> new Leaf(Method.CHALLENGE, target, new BigDecimal(25), new BigDecimal("0.2"), true, List.of(), null, null);
            case 4 -> new Leaf(Method.BANDS, null, null, null, true,
                    List.of(new Band(new BigDecimal(15), new BigDecimal("0.6")), new Band(target, BigDecimal.ONE)), null, null);
            default -> new Leaf(Method.DEDUCTION, null, null, null, true, List.of(), new BigDecimal("0.25"), BigDecimal.ZERO);
        };
        Inputs inputs = new Inputs(List.of(new BigDecimal("0.9"), new BigDecimal("0.85"), BigDecimal.ONE), List.of("优", "良", "优"),
                new BigDecimal("0.95"), null, BigDecimal.valueOf(17 + n % 7), n % 3);
        return new Node("id-" + n, "1-" + n, "target " + n, w, List.of(), leaf, inputs);
    }

    @Benchmark
    public Result evaluate() {
        return Engine.evaluate(rules, tree, List.of(new Adjustment(Adjustment.Kind.BONUS, BigDecimal.ONE)), Map.of());
    }
}

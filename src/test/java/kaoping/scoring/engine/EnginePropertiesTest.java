package kaoping.scoring.engine;

import static kaoping.scoring.engine.Trees.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import kaoping.scoring.engine.Node.Band;
import kaoping.scoring.engine.Node.Inputs;
import kaoping.scoring.engine.Node.Leaf;
import kaoping.scoring.engine.Result.NodeResult;
import kaoping.scoring.engine.Rules.Aggregation;

/** The invariants of scoring.md over random trees, inputs and rules (each property draws its own seed). */
class EnginePropertiesTest {

    @Property
    void aLeafNeverExceedsItsWeightExceptChallenge(@ForAll long seed) {
        Random random = new Random(seed);
        Node leaf = randomLeaf(random, cents(random, 0, 2000), false);
        NodeResult r = Engine.evaluate(rules(random, true), List.of(leaf), List.of(), Map.of()).breakdown().get(0);
        between(r.score(), BigDecimal.ZERO, Engine.round(leaf.weight()));
    }

    @Property
    void anInnerNodeNeverExceedsItsWeightWithoutOverflow(@ForAll long seed) {
        Random random = new Random(seed);
        Result r = Engine.evaluate(rules(random, false), tree(random, true), List.of(), Map.of());
        walk(r.breakdown(), n -> {
            if (!n.children().isEmpty()) {
                between(n.score(), BigDecimal.ZERO, Engine.round(n.weight()));
            }
        });
        between(r.indicatorScore(), BigDecimal.ZERO, d("100"));
    }

    @Property
    void assessorOrderNeverMatters(@ForAll long seed, @ForAll Aggregation aggregation) {
        Random random = new Random(seed);
        BigDecimal w = cents(random, 1, 2000);
        List<BigDecimal> scores = new ArrayList<>();
        for (int i = random.nextInt(8) + 1; i > 0; i--) {
            scores.add(upTo(random, w));
        }
        List<BigDecimal> shuffled = new ArrayList<>(scores);
        Collections.shuffle(shuffled, random);
        Rules rules = Trees.rules(aggregation, BigDecimal.ZERO, false);
        assertEquals(manual(rules, w, scores), manual(rules, w, shuffled));
    }

    private static BigDecimal manual(Rules rules, BigDecimal w, List<BigDecimal> scores) {
        Node leaf = new Node(null, "a", "a", w, List.of(), Leaf.MANUAL, new Inputs(scores, List.of(), null, null, null, null));
        return Engine.evaluate(rules, List.of(leaf), List.of(), Map.of()).indicatorScore();
    }

    @Property
    void moreOfAHigherIsBetterActualNeverLowersTheScore(@ForAll long seed, @ForAll @IntRange(max = 3) int kind) {
        Random random = new Random(seed);
        BigDecimal w = cents(random, 1, 2000);
        BigDecimal target = cents(random, 1, 100_000);
        Leaf leaf = switch (kind) {
            case 0 -> new Leaf(Method.RATIO, target, null, null, true, List.of(), null, null);
            case 1 -> new Leaf(Method.CHALLENGE, target, target.add(cents(random, 1, 100_000)), upTo(random, BigDecimal.ONE),
                    true, List.of(), null, null);
            default -> new Leaf(Method.BANDS, null, null, null, true, bands(random), null, null);
        };
        BigDecimal a1 = cents(random, 0, 200_000);
        BigDecimal a2 = a1.add(cents(random, 0, 50_000));
        Rules rules = Trees.rules(Aggregation.MEAN, BigDecimal.ZERO, true);
        between(measured(rules, w, leaf, a2), measured(rules, w, leaf, a1), w.multiply(BigDecimal.TEN));
    }

    private static BigDecimal measured(Rules rules, BigDecimal w, Leaf leaf, BigDecimal actual) {
        Node node = new Node(null, "a", "a", w, List.of(), leaf, new Inputs(List.of(), List.of(), null, null, actual, null));
        return Engine.evaluate(rules, List.of(node), List.of(), Map.of()).breakdown().get(0).score();
    }

    @Property
    void theFinalIsWithinZeroAndHundredPlusTheBonusCap(@ForAll long seed) {
        Random random = new Random(seed);
        List<Adjustment> adjustments = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            Adjustment.Kind kind = Adjustment.Kind.values()[random.nextInt(3)];
            adjustments.add(new Adjustment(kind, kind == Adjustment.Kind.VETO ? null : cents(random, 1, 1000)));
        }
        Rules rules = rules(random, false);
        Result r = Engine.evaluate(rules, tree(random, true), adjustments, Map.of());
        between(r.finalScore(), BigDecimal.ZERO, d("100").add(rules.bonusCap()));
    }

    private static Rules rules(Random random, boolean allowOverflow) {
        Aggregation aggregation = Aggregation.values()[random.nextInt(3)];
        return Trees.rules(aggregation, random.nextBoolean() ? BigDecimal.ZERO : upTo(random, BigDecimal.ONE), allowOverflow);
    }

    /** A tree whose weights add up to 100, up to 3 levels deep, with random leaves and inputs. */
    private static List<Node> tree(Random random, boolean challenge) {
        return split(random, d("100"), 1, challenge);
    }

    private static List<Node> split(Random random, BigDecimal weight, int depth, boolean challenge) {
        int parts = random.nextInt(5) + 1;
        List<Node> nodes = new ArrayList<>();
        BigDecimal left = weight;
        for (int i = 0; i < parts; i++) {
            BigDecimal w = i == parts - 1 ? left : upTo(random, left);
            left = left.subtract(w);
            boolean inner = depth < 3 && random.nextInt(3) > 0;
            nodes.add(inner ? new Node(null, null, "n", w, split(random, w, depth + 1, challenge), null, null)
                    : randomLeaf(random, w, challenge));
        }
        return nodes;
    }

    private static Node randomLeaf(Random random, BigDecimal w, boolean challenge) {
        List<Method> methods = new ArrayList<>(List.of(Method.values()));
        if (!challenge) {
            methods.remove(Method.CHALLENGE);
        }
        Method method = methods.get(random.nextInt(methods.size()));
        BigDecimal target = cents(random, 1, 100_000);
        Leaf leaf = switch (method) {
            case RATIO, INVERSE_RATIO, CHALLENGE -> new Leaf(method, target, target.add(cents(random, 1, 100_000)),
                    upTo(random, BigDecimal.ONE), true, List.of(), null, null);
            case BANDS -> new Leaf(method, null, null, null, random.nextBoolean(), bands(random), null, null);
            case DEDUCTION -> new Leaf(method, null, null, null, true, List.of(), cents(random, 1, 500), upTo(random, w));
            default -> new Leaf(method, null, null, null, true, List.of(), null, null);
        };
        List<BigDecimal> scores = new ArrayList<>();
        List<String> grades = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            scores.add(upTo(random, w));
            grades.add(List.of("优", "良", "中", "差").get(random.nextInt(4)));
        }
        Inputs inputs = new Inputs(scores, grades, random.nextBoolean() ? upTo(random, w) : null,
                upTo(random, BigDecimal.ONE), cents(random, 0, 200_000), random.nextInt(10));
        return new Node(null, null, "leaf", w, List.of(), leaf, random.nextInt(10) == 0 ? null : inputs);
    }

    /** Bands as TreeRules accepts them for HIGHER: a higher threshold never gives a lower fraction. */
    private static List<Band> bands(Random random) {
        List<Band> bands = new ArrayList<>();
        BigDecimal threshold = cents(random, 0, 1000);
        BigDecimal fraction = upTo(random, BigDecimal.ONE);
        for (int i = random.nextInt(4) + 1; i > 0; i--) {
            bands.add(new Band(threshold, fraction));
            threshold = threshold.add(cents(random, 1, 50_000));
            fraction = fraction.add(upTo(random, BigDecimal.ONE.subtract(fraction)));
        }
        Collections.shuffle(bands, random);
        return bands;
    }

    /** A random amount with 2 decimals between {@code min} and {@code max} cents. */
    private static BigDecimal cents(Random random, int min, int max) {
        return BigDecimal.valueOf(min + random.nextInt(max - min + 1), 2);
    }

    private static BigDecimal upTo(Random random, BigDecimal max) {
        return BigDecimal.valueOf((long) (random.nextDouble() * max.movePointRight(2).longValue()), 2);
    }

    private static void between(BigDecimal value, BigDecimal min, BigDecimal max) {
        assertTrue(value.compareTo(min) >= 0 && value.compareTo(max) <= 0, value + " is not in [" + min + ", " + max + "]");
    }

    private static void walk(List<NodeResult> nodes, java.util.function.Consumer<NodeResult> check) {
        nodes.forEach(n -> {
            check.accept(n);
            walk(n.children(), check);
        });
    }
}

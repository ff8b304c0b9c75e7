package kaoping.scoring.engine;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import kaoping.scoring.engine.InvalidInput.Violation;
import kaoping.scoring.engine.Node.Band;
import kaoping.scoring.engine.Node.Inputs;
import kaoping.scoring.engine.Node.Leaf;
import kaoping.scoring.engine.Result.NodeResult;
import kaoping.scoring.engine.Rules.Aggregation;

/**
 * scoring.md as a pure function: rules, tree with inputs, adjustments and component scores in, the score with a
 * per-node breakdown out. The tree's shape (weights that add up, each method's parameters) is checked before it
 * gets here; the engine checks the inputs and refuses them all at once with {@link InvalidInput}.
 */
public final class Engine {
    /** Intermediate values keep 6 decimals; every returned figure is rounded to 2. */
    static final int SCALE = 6;
    private static final BigDecimal HUNDRED = new BigDecimal(100);

    private final Rules rules;
    private final List<Violation> violations = new ArrayList<>();
    private final List<String> unscored = new ArrayList<>();

    private Engine(Rules rules) {
        this.rules = rules;
    }

    public static Result evaluate(Rules rules, List<Node> indicators, List<Adjustment> adjustments,
                                  Map<String, BigDecimal> componentScores) {
        return new Engine(rules).run(indicators, adjustments, componentScores);
    }

    private Result run(List<Node> indicators, List<Adjustment> adjustments, Map<String, BigDecimal> componentScores) {
        List<NodeResult> breakdown = new ArrayList<>(indicators.size());
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < indicators.size(); i++) {
            Scored scored = node(indicators.get(i), "indicators[" + i + "]");
            breakdown.add(scored.result);
            sum = sum.add(scored.value);
        }
        if (!rules.allowOverflow()) {
            sum = sum.min(rules.totalWeight());
        }
        BigDecimal indicatorScore = sum.multiply(HUNDRED).divide(rules.totalWeight(), SCALE, RoundingMode.HALF_UP);

        List<String> missing = new ArrayList<>();
        BigDecimal composite = composite(indicatorScore, componentScores, missing);
        check(adjustments);
        BigDecimal bonus = capped(adjustments, Adjustment.Kind.BONUS, rules.bonusCap());
        BigDecimal deduction = capped(adjustments, Adjustment.Kind.DEDUCTION, rules.deductionCap());
        boolean vetoed = adjustments.stream().anyMatch(a -> a.kind() == Adjustment.Kind.VETO);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations);
        }
        BigDecimal finalScore = round(composite.add(bonus).subtract(deduction).max(BigDecimal.ZERO));
        return new Result(round(indicatorScore), round(composite), round(bonus), round(deduction), finalScore,
                grade(finalScore, vetoed), vetoed, unscored.isEmpty() && missing.isEmpty(), List.copyOf(unscored),
                List.copyOf(missing), breakdown);
    }

    private record Scored(BigDecimal value, NodeResult result) {
    }

    private Scored node(Node node, String path) {
        if (node.isLeaf()) {
            return leaf(node, path);
        }
        List<NodeResult> children = new ArrayList<>(node.children().size());
        List<String> terms = new ArrayList<>(node.children().size());
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < node.children().size(); i++) {
            Scored child = node(node.children().get(i), path + ".children[" + i + "]");
            children.add(child.result);
            terms.add(plain(child.value));
            sum = sum.add(child.value);
        }
        String expression = String.join(" + ", terms);
        BigDecimal value = sum;
        if (!rules.allowOverflow()) {
            value = sum.min(node.weight());
            expression = "min(" + expression + ", " + plain(node.weight()) + ")";
        }
        return new Scored(value, new NodeResult(node.id(), node.code(), node.name(), node.weight(), round(value), null,
                true, null, expression + " = " + plain(round(value)), children));
    }

    /** The left-hand side of a leaf's formula and its value; null value for a leaf without usable input. */
    private record Part(BigDecimal value, String expression) {
        static final Part NONE = new Part(null, null);
    }

    private Scored leaf(Node node, String path) {
        Leaf leaf = node.leaf() == null ? Leaf.MANUAL : node.leaf();
        Inputs in = node.inputs() == null ? Inputs.NONE : node.inputs();
        BigDecimal w = node.weight();
        String at = path + ".inputs";
        if (in.selfScore() != null) {
            within(in.selfScore(), BigDecimal.ZERO, w, at + ".selfScore");
        }
        Part part = switch (leaf.method()) {
            case MANUAL, GRADE -> judged(leaf.method(), w, in, at);
            case COMPLETION -> completion(w, in, at);
            case RATIO, INVERSE_RATIO, CHALLENGE, BANDS -> measured(leaf, w, in, at);
            case DEDUCTION -> deduction(leaf, w, in, at);
        };
        boolean scored = part.value != null;
        BigDecimal value = scored ? part.value.setScale(SCALE, RoundingMode.HALF_UP) : BigDecimal.ZERO;
        if (!scored) {
            unscored.add(node.id() != null ? node.id() : node.code() != null ? node.code() : path);
        }
        String formula = (scored ? part.expression : "no " + expected(leaf.method()) + " yet") + " = "
                + plain(round(value));
        return new Scored(value, new NodeResult(node.id(), node.code(), node.name(), w, round(value), leaf.method(),
                scored, used(leaf.method(), in), formula, List.of()));
    }

    /** The inputs a method reads, and the self score, which is always shown. */
    private static Inputs used(Method method, Inputs in) {
        boolean measured = switch (method) {
            case RATIO, INVERSE_RATIO, CHALLENGE, BANDS -> true;
            default -> false;
        };
        return new Inputs(method == Method.MANUAL ? listOf(in.assessorScores()) : List.of(),
                method == Method.GRADE ? listOf(in.assessorGrades()) : List.of(), in.selfScore(),
                method == Method.COMPLETION ? in.completion() : null, measured ? in.actual() : null,
                method == Method.DEDUCTION ? in.occurrences() : null);
    }

    private static String expected(Method method) {
        return switch (method) {
            case MANUAL -> "assessor score";
            case GRADE -> "assessor grade";
            case COMPLETION -> "completion";
            case DEDUCTION -> "occurrence count";
            default -> "actual value";
        };
    }

    /** MANUAL and GRADE: the assessors' judgement, mixed with the self-assessment when the plan gives it a share. */
    private Part judged(Method method, BigDecimal w, Inputs in, String at) {
        List<BigDecimal> scores = new ArrayList<>();
        List<String> terms = new ArrayList<>();
        if (method == Method.MANUAL) {
            List<BigDecimal> given = listOf(in.assessorScores());
            for (int i = 0; i < given.size(); i++) {
                within(given.get(i), BigDecimal.ZERO, w, at + ".assessorScores[" + i + "]");
                scores.add(given.get(i));
                terms.add(plain(given.get(i)));
            }
        } else {
            List<String> grades = listOf(in.assessorGrades());
            for (int i = 0; i < grades.size(); i++) {
                BigDecimal fraction = rules.gradeScale().get(grades.get(i));
                if (fraction == null) {
                    violations.add(new Violation(at + ".assessorGrades[" + i + "]", "\"" + grades.get(i)
                            + "\" is not a grade of the plan's scale (" + String.join(", ", rules.gradeScale().keySet()) + ")"));
                    continue;
                }
                scores.add(w.multiply(fraction));
                terms.add(plain(w) + " × " + plain(fraction) + " [" + grades.get(i) + "]");
            }
        }
        if (scores.isEmpty()) {
            return Part.NONE;
        }
        BigDecimal assessors = aggregate(scores);
        String expression = rules.aggregation().name().toLowerCase().replace("trimmed_mean", "trimmedMean")
                + "(" + String.join(", ", terms) + ")";
        BigDecimal s = rules.selfShare();
        if (s.signum() == 0) {
            return new Part(assessors, expression);
        }
        if (in.selfScore() == null) {
            return Part.NONE;
        }
        BigDecimal rest = BigDecimal.ONE.subtract(s);
        return new Part(s.multiply(in.selfScore()).add(rest.multiply(assessors)),
                plain(s) + " × " + plain(in.selfScore()) + " + " + plain(rest) + " × " + expression);
    }

    private BigDecimal aggregate(List<BigDecimal> scores) {
        List<BigDecimal> sorted = scores.stream().sorted().toList();
        int n = sorted.size();
        return switch (rules.aggregation()) {
            case MEAN -> mean(sorted);
            case MEDIAN -> n % 2 == 1 ? sorted.get(n / 2) : mean(sorted.subList(n / 2 - 1, n / 2 + 1));
            case TRIMMED_MEAN -> mean(n >= 3 ? sorted.subList(1, n - 1) : sorted);
        };
    }

    private static BigDecimal mean(List<BigDecimal> values) {
        BigDecimal sum = values.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        return sum.divide(BigDecimal.valueOf(values.size()), SCALE, RoundingMode.HALF_UP);
    }

    private Part completion(BigDecimal w, Inputs in, String at) {
        BigDecimal c = in.completion();
        if (c == null) {
            return Part.NONE;
        }
        within(c, BigDecimal.ZERO, BigDecimal.ONE, at + ".completion");
        return new Part(w.multiply(c), plain(w) + " × " + plain(c));
    }

    /** The methods that compare an actual value with the leaf's target or bands. */
    private Part measured(Leaf leaf, BigDecimal w, Inputs in, String at) {
        BigDecimal a = in.actual();
        if (a == null) {
            return Part.NONE;
        }
        if (a.signum() < 0) {
            violations.add(new Violation(at + ".actual", "the actual value is at least 0"));
            return Part.NONE;
        }
        BigDecimal t = leaf.target();
        String ws = plain(w);
        return switch (leaf.method()) {
            case RATIO -> new Part(a.compareTo(t) >= 0 ? w : divide(w.multiply(a), t),
                    ws + " × min(" + plain(a) + " / " + plain(t) + ", 1)");
            case INVERSE_RATIO -> {
                if (a.compareTo(t) <= 0) {
                    yield new Part(w, ws + " (actual " + plain(a) + " ≤ target " + plain(t) + ")");
                }
                yield t.signum() == 0 ? new Part(BigDecimal.ZERO, "0 (target 0 < actual " + plain(a) + ")")
                        : new Part(divide(w.multiply(t), a), ws + " × " + plain(t) + " / " + plain(a));
            }
            case CHALLENGE -> challenge(leaf, w, a);
            default -> bands(leaf, w, a);
        };
    }

    private static Part challenge(Leaf leaf, BigDecimal w, BigDecimal a) {
        BigDecimal t = leaf.target();
        BigDecimal c = leaf.challenge();
        BigDecimal b = leaf.bonusFraction();
        String ws = plain(w);
        if (a.compareTo(t) < 0) {
            return new Part(divide(w.multiply(a), t), ws + " × " + plain(a) + " / " + plain(t));
        }
        if (a.compareTo(c) >= 0) {
            return new Part(w.multiply(BigDecimal.ONE.add(b)), ws + " × (1 + " + plain(b) + ")");
        }
        BigDecimal extra = divide(w.multiply(b).multiply(a.subtract(t)), c.subtract(t));
        return new Part(w.add(extra), ws + " × (1 + " + plain(b) + " × (" + plain(a) + " − " + plain(t) + ") / ("
                + plain(c) + " − " + plain(t) + "))");
    }

    /** HIGHER: the band of the largest threshold the actual reaches; LOWER: of the smallest it stays under. */
    private static Part bands(Leaf leaf, BigDecimal w, BigDecimal a) {
        Band reached = null;
        for (Band band : leaf.bands()) {
            boolean within = leaf.higherIsBetter() ? band.threshold().compareTo(a) <= 0 : band.threshold().compareTo(a) >= 0;
            boolean better = reached == null || (leaf.higherIsBetter()
                    ? band.threshold().compareTo(reached.threshold()) > 0
                    : band.threshold().compareTo(reached.threshold()) < 0);
            if (within && better) {
                reached = band;
            }
        }
        if (reached == null) {
            return new Part(BigDecimal.ZERO, "0 (" + plain(a) + " reaches no band)");
        }
        return new Part(w.multiply(reached.fraction()), plain(w) + " × " + plain(reached.fraction()) + " (" + plain(a)
                + (leaf.higherIsBetter() ? " ≥ " : " ≤ ") + plain(reached.threshold()) + ")");
    }

    private Part deduction(Leaf leaf, BigDecimal w, Inputs in, String at) {
        Integer k = in.occurrences();
        if (k == null) {
            return Part.NONE;
        }
        if (k < 0) {
            violations.add(new Violation(at + ".occurrences", "occurrences are counted from 0"));
            return Part.NONE;
        }
        BigDecimal floor = leaf.floor() == null ? BigDecimal.ZERO : leaf.floor();
        BigDecimal value = w.subtract(BigDecimal.valueOf(k).multiply(leaf.perOccurrence())).max(floor);
        return new Part(value, "max(" + plain(floor) + ", " + plain(w) + " − " + k + " × " + plain(leaf.perOccurrence()) + ")");
    }

    private BigDecimal composite(BigDecimal indicatorScore, Map<String, BigDecimal> given, List<String> missing) {
        Map<String, BigDecimal> shares = rules.components().stream()
                .collect(Collectors.toMap(Rules.Component::key, Rules.Component::share, (a, b) -> a, LinkedHashMap::new));
        for (Map.Entry<String, BigDecimal> e : given.entrySet()) {
            String at = "componentScores." + e.getKey();
            if (Rules.INDICATOR.equals(e.getKey())) {
                violations.add(new Violation(at, "the indicator component is the tree's score; it is not given"));
            } else if (!shares.containsKey(e.getKey())) {
                violations.add(new Violation(at, "not a component of the plan's rules (" + String.join(", ", shares.keySet()) + ")"));
            } else {
                within(e.getValue(), BigDecimal.ZERO, HUNDRED, at);
            }
        }
        BigDecimal composite = BigDecimal.ZERO;
        for (Map.Entry<String, BigDecimal> share : shares.entrySet()) {
            BigDecimal score = Rules.INDICATOR.equals(share.getKey()) ? indicatorScore : given.get(share.getKey());
            if (score == null) {
                missing.add(share.getKey());
            } else {
                composite = composite.add(share.getValue().multiply(score));
            }
        }
        return composite.setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** The sum of one kind of adjustment's points, at most the cap (null: no cap). */
    private static BigDecimal capped(List<Adjustment> adjustments, Adjustment.Kind kind, BigDecimal cap) {
        BigDecimal sum = adjustments.stream().filter(a -> a.kind() == kind && a.points() != null).map(Adjustment::points)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return cap == null ? sum : sum.min(cap);
    }

    private void check(List<Adjustment> adjustments) {
        for (int i = 0; i < adjustments.size(); i++) {
            Adjustment a = adjustments.get(i);
            boolean veto = a.kind() == Adjustment.Kind.VETO;
            if (veto ? a.points() != null : a.points() == null || a.points().signum() <= 0) {
                violations.add(new Violation("adjustments[" + i + "].points",
                        veto ? "a veto has no points" : "a " + a.kind() + " item has points above 0"));
            }
        }
    }

    private String grade(BigDecimal finalScore, boolean vetoed) {
        List<Rules.GradeBand> bands = rules.gradeBands();
        if (vetoed) {
            return bands.get(bands.size() - 1).label();
        }
        return bands.stream().filter(b -> b.min().compareTo(finalScore) <= 0).findFirst()
                .orElse(bands.get(bands.size() - 1)).label();
    }

    private void within(BigDecimal value, BigDecimal min, BigDecimal max, String at) {
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            violations.add(new Violation(at, plain(value) + " is outside [" + plain(min) + ", " + plain(max) + "]"));
        }
    }

    private static <T> List<T> listOf(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        return dividend.divide(divisor, SCALE, RoundingMode.HALF_UP);
    }

    /** A figure as the API returns it. */
    public static BigDecimal round(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    /** A value as written in a formula: exact, without trailing zeros. */
    static String plain(BigDecimal value) {
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }
}

package kaoping.scoring.engine;

import static kaoping.scoring.engine.Trees.actual;
import static kaoping.scoring.engine.Trees.d;
import static kaoping.scoring.engine.Trees.inner;
import static kaoping.scoring.engine.Trees.leaf;
import static kaoping.scoring.engine.Trees.ratio;
import static kaoping.scoring.engine.Trees.scores;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import kaoping.scoring.engine.Node.Band;
import kaoping.scoring.engine.Node.Inputs;
import kaoping.scoring.engine.Node.Leaf;
import kaoping.scoring.engine.Result.NodeResult;
import kaoping.scoring.engine.Rules.Aggregation;

class EngineTest {

    private static NodeResult scoreLeaf(Rules rules, Node leaf) {
        return Engine.evaluate(rules, List.of(inner("1", leaf.weight().toPlainString(), leaf)), List.of(), Map.of())
                .breakdown().get(0).children().get(0);
    }

    private static NodeResult scoreLeaf(Node leaf) {
        return scoreLeaf(Trees.defaults(), leaf);
    }

    private static Leaf leafOf(Method method, String target, String challenge, String bonus) {
        return new Leaf(method, target == null ? null : d(target), challenge == null ? null : d(challenge),
                bonus == null ? null : d(bonus), true, List.of(), null, null);
    }

    @Test
    void workedExampleOfScoringMdOnTheFixture() {
        List<Node> tree = Trees.jinjiang(code -> switch (code) {
            case "1-2 b" -> Map.entry(ratio("20"), actual("17"));
            case "1-1 a" -> Map.entry(Leaf.MANUAL, scores("2", "1.5", "1.8"));
            default -> Map.entry(Leaf.MANUAL, Inputs.NONE);
        });
        // every other leaf at full marks: its weight as the one assessor score
        tree = tree.stream().map(EngineTest::fullMarksWhereUnscored).toList();
        Result result = Engine.evaluate(Trees.defaults(), tree, List.of(), Map.of());
        assertEquals(d("99.47"), result.indicatorScore());
        assertEquals(d("99.47"), result.finalScore());
        assertEquals("优秀", result.grade());
        assertTrue(result.complete());
        NodeResult ratio = find(result.breakdown(), "1-2 b");
        assertEquals("2 × min(17 / 20, 1) = 1.7", ratio.formula());
        assertEquals(d("1.70"), ratio.score());
        NodeResult manual = find(result.breakdown(), "1-1 a");
        assertEquals(d("1.77"), manual.score());
        assertEquals("mean(2, 1.5, 1.8) = 1.77", manual.formula());
        assertEquals(d("40.00"), find(result.breakdown(), "1.1").weight().setScale(2));
        assertEquals(d("39.47"), find(result.breakdown(), "1.1").score());

        Result vetoed = Engine.evaluate(Trees.defaults(), tree, List.of(new Adjustment(Adjustment.Kind.VETO, null)), Map.of());
        assertEquals("不合格", vetoed.grade());
        assertTrue(vetoed.vetoed());
        assertEquals(d("99.47"), vetoed.finalScore());
    }

    private static Node fullMarksWhereUnscored(Node node) {
        if (!node.isLeaf()) {
            return new Node(node.id(), node.code(), node.name(), node.weight(),
                    node.children().stream().map(EngineTest::fullMarksWhereUnscored).toList(), null, null);
        }
        return node.inputs() != Inputs.NONE ? node
                : new Node(node.id(), node.code(), node.name(), node.weight(), List.of(), node.leaf(),
                        scores(node.weight().toPlainString()));
    }

    static NodeResult find(List<NodeResult> nodes, String code) {
        for (NodeResult n : nodes) {
            if (code.equals(n.code())) {
                return n;
            }
            NodeResult inChild = find(n.children(), code);
            if (inChild != null) {
                return inChild;
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = ';', value = {
        "MEAN; 2 1.5 1.8; 1.766667",
        "MEDIAN; 2 1.5 1.8; 1.8",
        "MEDIAN; 2 1.5 1.8 1; 1.65",
        "TRIMMED_MEAN; 2 1.5 1.8 0; 1.65",
        "TRIMMED_MEAN; 2 1.5 1.8; 1.8",
        "TRIMMED_MEAN; 2 1; 1.5",
        "TRIMMED_MEAN; 1.5; 1.5",
    })
    void aggregations(Aggregation aggregation, String given, String expected) {
        Rules rules = Trees.rules(aggregation, BigDecimal.ZERO, false);
        NodeResult r = scoreLeaf(rules, leaf("a", "2", Leaf.MANUAL, scores(given.split(" "))));
        assertEquals(Engine.round(d(expected)), r.score());
    }

    @Test
    void manualWithoutAssessorsIsUnscoredAndCountsZero() {
        Result r = Engine.evaluate(Trees.defaults(), List.of(inner("1", "100", leaf("a", "60", Leaf.MANUAL, scores("60")),
                leaf("b", "40", Leaf.MANUAL, scores()))), List.of(), Map.of());
        assertEquals(d("60.00"), r.finalScore());
        assertFalse(r.complete());
        assertEquals(List.of("b"), r.unscored());
        assertEquals("no assessor score yet = 0", find(r.breakdown(), "b").formula());
        assertFalse(find(r.breakdown(), "b").scored());
    }

    @Test
    void selfShareMixesTheSelfScoreIn() {
        Rules rules = Trees.rules(Aggregation.MEAN, d("0.2"), false);
        Inputs in = new Inputs(List.of(d("1"), d("2")), List.of(), d("2"), null, null, null);
        NodeResult r = scoreLeaf(rules, leaf("a", "2", Leaf.MANUAL, in));
        assertEquals("0.2 × 2 + 0.8 × mean(1, 2) = 1.6", r.formula());
        Inputs noSelf = new Inputs(List.of(d("1"), d("2")), List.of(), null, null, null, null);
        assertFalse(scoreLeaf(rules, leaf("a", "2", Leaf.MANUAL, noSelf)).scored());
        // without a share the self score is shown but does not count
        assertEquals(d("1.50"), scoreLeaf(leaf("a", "2", Leaf.MANUAL, in)).score());
        assertEquals(d("2"), scoreLeaf(leaf("a", "2", Leaf.MANUAL, in)).inputs().selfScore());
    }

    @Test
    void gradesMapThroughTheScale() {
        Inputs in = new Inputs(List.of(), List.of("优", "良", "差"), null, null, null, null);
        NodeResult r = scoreLeaf(leaf("a", "3", leafOf(Method.GRADE, null, null, null), in));
        assertEquals("mean(3 × 1 [优], 3 × 0.8 [良], 3 × 0 [差]) = 1.8", r.formula());
    }

    @ParameterizedTest(name = "{0} T={1} C={2} b={3} A={4}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "RATIO; 20; -; -; 17; 1.7; 2 × min(17 / 20, 1) = 1.7",
        "RATIO; 20; -; -; 0; 0; 2 × min(0 / 20, 1) = 0",
        "RATIO; 20; -; -; 20; 2; 2 × min(20 / 20, 1) = 2",
        "RATIO; 20; -; -; 25; 2; 2 × min(25 / 20, 1) = 2",
        "INVERSE_RATIO; 6; -; -; 6; 2; 2 (actual 6 ≤ target 6) = 2",
        "INVERSE_RATIO; 6; -; -; 8; 1.5; 2 × 6 / 8 = 1.5",
        "INVERSE_RATIO; 0; -; -; 0; 2; 2 (actual 0 ≤ target 0) = 2",
        "INVERSE_RATIO; 0; -; -; 1; 0; 0 (target 0 < actual 1) = 0",
        "CHALLENGE; 100; 120; 0.2; 90; 1.8; 2 × 90 / 100 = 1.8",
        "CHALLENGE; 100; 120; 0.2; 100; 2; 2 × (1 + 0.2 × (100 − 100) / (120 − 100)) = 2",
        "CHALLENGE; 100; 120; 0.2; 110; 2.2; 2 × (1 + 0.2 × (110 − 100) / (120 − 100)) = 2.2",
        "CHALLENGE; 100; 120; 0.2; 120; 2.4; 2 × (1 + 0.2) = 2.4",
        "CHALLENGE; 100; 120; 0; 130; 2; 2 × (1 + 0) = 2",
    })
    void measuredMethods(Method method, String target, String challenge, String bonus, String actual, String score,
                         String formula) {
        Rules overflow = Trees.rules(Aggregation.MEAN, BigDecimal.ZERO, true);
        NodeResult r = scoreLeaf(overflow, leaf("a", "2", leafOf(method, target, challenge, bonus), actual(actual)));
        assertEquals(Engine.round(d(score)), r.score());
        assertEquals(formula, r.formula());
    }

    @ParameterizedTest(name = "{0} A={1}")
    @CsvSource(delimiter = ';', value = {
        "true; 98; 2 × 1 (98 ≥ 97) = 2",
        "true; 97; 2 × 1 (97 ≥ 97) = 2",
        "true; 96; 2 × 0.5 (96 ≥ 95) = 1",
        "true; 94; 0 (94 reaches no band) = 0",
        "false; 3; 2 × 1 (3 ≤ 5) = 2",
        "false; 5; 2 × 1 (5 ≤ 5) = 2",
        "false; 6; 2 × 0.5 (6 ≤ 10) = 1",
        "false; 11; 0 (11 reaches no band) = 0",
    })
    void bands(boolean higher, String actual, String formula) {
        List<Band> bands = higher ? List.of(new Band(d("95"), d("0.5")), new Band(d("97"), d("1")))
                : List.of(new Band(d("10"), d("0.5")), new Band(d("5"), d("1")));
        Leaf leaf = new Leaf(Method.BANDS, null, null, null, higher, bands, null, null);
        assertEquals(formula, scoreLeaf(leaf("a", "2", leaf, actual(actual))).formula());
    }

    @ParameterizedTest(name = "k={0} floor={1}")
    @CsvSource(delimiter = ';', value = {
        "0; 0; max(0, 2 − 0 × 0.5) = 2",
        "3; 0; max(0, 2 − 3 × 0.5) = 0.5",
        "5; 0; max(0, 2 − 5 × 0.5) = 0",
        "5; 1; max(1, 2 − 5 × 0.5) = 1",
    })
    void deduction(int occurrences, String floor, String formula) {
        Leaf leaf = new Leaf(Method.DEDUCTION, null, null, null, true, List.of(), d("0.5"), d(floor));
        Inputs in = new Inputs(List.of(), List.of(), null, null, null, occurrences);
        assertEquals(formula, scoreLeaf(leaf("a", "2", leaf, in)).formula());
    }

    @Test
    void completion() {
        Inputs half = new Inputs(List.of(), List.of(), null, d("0.5"), null, null);
        assertEquals("2 × 0.5 = 1", scoreLeaf(leaf("a", "2", leafOf(Method.COMPLETION, null, null, null), half)).formula());
    }

    @Test
    void challengeExtraIsCappedAtTheParentUnlessOverflowIsAllowed() {
        Node tree = inner("1", "100", leaf("a", "50", leafOf(Method.CHALLENGE, "10", "20", "0.2"), actual("20")),
                leaf("b", "50", Leaf.MANUAL, scores("50")));
        Result capped = Engine.evaluate(Trees.defaults(), List.of(tree), List.of(), Map.of());
        assertEquals(d("100.00"), capped.indicatorScore());
        assertEquals("min(60 + 50, 100) = 100", capped.breakdown().get(0).formula());
        Result overflow = Engine.evaluate(Trees.rules(Aggregation.MEAN, BigDecimal.ZERO, true), List.of(tree), List.of(), Map.of());
        assertEquals(d("110.00"), overflow.indicatorScore());
        assertEquals("60 + 50 = 110", overflow.breakdown().get(0).formula());
    }

    @Test
    void zeroTargetsScoreZeroAndAreIncomplete() {
        Result r = Engine.evaluate(Trees.defaults(), List.of(), List.of(), Map.of());
        assertEquals(d("0.00"), r.finalScore());
        assertEquals("不合格", r.grade());
    }

    @Test
    void bonusIsCappedDeductionsAreNotByDefaultAndTheFinalStaysAtZeroOrAbove() {
        List<Node> tree = List.of(leaf("a", "100", Leaf.MANUAL, scores("80")));
        List<Adjustment> bonus = List.of(new Adjustment(Adjustment.Kind.BONUS, d("2")), new Adjustment(Adjustment.Kind.BONUS, d("2.5")));
        Result r = Engine.evaluate(Trees.defaults(), tree, bonus, Map.of());
        assertEquals(d("3.00"), r.bonusApplied());
        assertEquals(d("83.00"), r.finalScore());
        assertEquals("合格", r.grade());
        Result down = Engine.evaluate(Trees.defaults(), tree, List.of(new Adjustment(Adjustment.Kind.DEDUCTION, d("50")),
                new Adjustment(Adjustment.Kind.DEDUCTION, d("40"))), Map.of());
        assertEquals(d("90.00"), down.deductionApplied());
        assertEquals(d("0.00"), down.finalScore());
    }

    @Test
    void aVetoForcesTheLowestGradeEvenOnAPerfectScore() {
        Result r = Engine.evaluate(Trees.defaults(), List.of(leaf("a", "100", Leaf.MANUAL, scores("100"))),
                List.of(new Adjustment(Adjustment.Kind.BONUS, d("1")), new Adjustment(Adjustment.Kind.VETO, null)), Map.of());
        assertEquals(d("101.00"), r.finalScore());
        assertEquals("不合格", r.grade());
        assertTrue(r.vetoed());
    }

    @Test
    void gradeBoundaryIsInclusive() {
        assertEquals("优秀", Engine.evaluate(Trees.defaults(), List.of(leaf("a", "100", Leaf.MANUAL, scores("89.995"))),
                List.of(), Map.of()).grade());
        assertEquals("合格", Engine.evaluate(Trees.defaults(), List.of(leaf("a", "100", Leaf.MANUAL, scores("89.994"))),
                List.of(), Map.of()).grade());
    }

    @Test
    void componentsWeighTheTreeAgainstOtherScores() {
        Rules base = Trees.defaults();
        Rules rules = new Rules(base.totalWeight(), base.aggregation(), base.selfShare(), false, base.bonusCap(), null,
                base.gradeScale(), base.gradeBands(), List.of(new Rules.Component("indicator", d("0.7")),
                new Rules.Component("public", d("0.2")), new Rules.Component("onsite", d("0.1"))));
        List<Node> tree = List.of(leaf("a", "100", Leaf.MANUAL, scores("90")));
        Result r = Engine.evaluate(rules, tree, List.of(), Map.of("public", d("80"), "onsite", d("100")));
        assertEquals(d("89.00"), r.compositeScore());
        assertTrue(r.complete());
        Result missing = Engine.evaluate(rules, tree, List.of(), Map.of("public", d("80")));
        assertEquals(List.of("onsite"), missing.missingComponents());
        assertFalse(missing.complete());
        InvalidInput bad = assertThrows(InvalidInput.class, () -> Engine.evaluate(rules, tree, List.of(),
                Map.of("press", d("80"), "public", d("101"))));
        assertEquals(2, bad.violations().size());
    }

    @Test
    void everyInvalidInputIsNamedAtOnce() {
        Node tree = inner("1", "100",
                leaf("a", "50", Leaf.MANUAL, scores("2", "51", "-1")),
                leaf("b", "50", leafOf(Method.GRADE, null, null, null),
                        new Inputs(List.of(), List.of("优", "甲"), d("60"), null, null, null)));
        InvalidInput e = assertThrows(InvalidInput.class, () -> Engine.evaluate(Trees.defaults(), List.of(tree),
                List.of(new Adjustment(Adjustment.Kind.BONUS, d("0"))), Map.of()));
        assertEquals(List.of("indicators[0].children[0].inputs.assessorScores[1]",
                "indicators[0].children[0].inputs.assessorScores[2]",
                "indicators[0].children[1].inputs.selfScore",
                "indicators[0].children[1].inputs.assessorGrades[1]",
                "adjustments[0].points"), e.violations().stream().map(InvalidInput.Violation::path).toList());
    }

    @Test
    void rankingSharesRanksOnTiesAndPutsVetoedLast() {
        Result a = result("95.50", false);
        Result b = result("90.00", false);
        Result c = result("90.00", false);
        Result d = result("99.00", true);
        Result e = result("80.00", false);
        List<Ranking.Ranked<String>> ranked = Ranking.rank(List.of("d", "b", "a", "c", "e"),
                key -> Map.of("a", a, "b", b, "c", c, "d", d, "e", e).get(key));
        assertEquals(List.of("a", "b", "c", "e", "d"), ranked.stream().map(Ranking.Ranked::item).toList());
        assertEquals(List.of(1, 2, 2, 4, 5), ranked.stream().map(Ranking.Ranked::rank).toList());
    }

    private static Result result(String finalScore, boolean vetoed) {
        return new Result(d(finalScore), d(finalScore), d("0"), d("0"), d(finalScore), "", vetoed, true, List.of(),
                List.of(), List.of());
    }
}

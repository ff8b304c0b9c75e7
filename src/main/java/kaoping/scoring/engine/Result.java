package kaoping.scoring.engine;

import java.math.BigDecimal;
import java.util.List;

/**
 * The score of a plan, every figure rounded HALF_UP to 2 decimals.
 *
 * @param unscored          the leaves without usable input (their id, else code, else path); they count 0
 * @param missingComponents components other than the tree that have no score; they count 0
 * @param complete          no leaf is unscored and no component is missing
 */
public record Result(BigDecimal indicatorScore, BigDecimal compositeScore, BigDecimal bonusApplied,
                     BigDecimal deductionApplied, BigDecimal finalScore, String grade, boolean vetoed, boolean complete,
                     List<String> unscored, List<String> missingComponents, List<NodeResult> breakdown) {

    /**
     * One node's part: its score and how it was reached.
     *
     * @param inputs  the inputs the leaf's method read, and its self score (null for inner nodes)
     * @param formula the arithmetic with the values used, e.g. {@code 2 × min(17 / 20, 1) = 1.70}
     */
    public record NodeResult(String id, String code, String name, BigDecimal weight, BigDecimal score, Method method,
                             boolean scored, Node.Inputs inputs, String formula, List<NodeResult> children) {
    }
}

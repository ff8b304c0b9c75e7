package kaoping.scoring.engine;

import java.math.BigDecimal;
import java.util.List;

/**
 * A node of the indicator tree with what it is scored from. Inner nodes have children; leaves have a
 * {@link Leaf} (null means MANUAL) and {@link Inputs} (null means none).
 *
 * @param id the stored node's id, or null in a stateless request
 */
public record Node(String id, String code, String name, BigDecimal weight, List<Node> children,
                   Leaf leaf, Inputs inputs) {

    public boolean isLeaf() {
        return children == null || children.isEmpty();
    }

    /** The parameters of a leaf's method, already checked against it. */
    public record Leaf(Method method, BigDecimal target, BigDecimal challenge, BigDecimal bonusFraction,
                       boolean higherIsBetter, List<Band> bands, BigDecimal perOccurrence, BigDecimal floor) {
        public static final Leaf MANUAL = new Leaf(Method.MANUAL, null, null, null, true, List.of(), null, null);
    }

    public record Band(BigDecimal threshold, BigDecimal fraction) {
    }

    /**
     * What a leaf is scored from; each method reads its own fields and ignores the rest.
     *
     * @param completion  a fraction in [0, 1]
     * @param occurrences how often a DEDUCTION leaf's fault happened
     */
    public record Inputs(List<BigDecimal> assessorScores, List<String> assessorGrades, BigDecimal selfScore,
                         BigDecimal completion, BigDecimal actual, Integer occurrences) {
        public static final Inputs NONE = new Inputs(List.of(), List.of(), null, null, null, null);
    }
}

package kaoping.scoring.engine;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A plan's scoring rules, complete (defaults already applied by the caller).
 *
 * @param gradeScale   label of a GRADE leaf to the fraction of the weight it gives
 * @param gradeBands   highest minimum first; the last minimum is 0
 * @param components   shares summing to 1; {@link #INDICATOR} is the tree
 * @param deductionCap null for no cap
 */
public record Rules(BigDecimal totalWeight, Aggregation aggregation, BigDecimal selfShare, boolean allowOverflow,
                    BigDecimal bonusCap, BigDecimal deductionCap, Map<String, BigDecimal> gradeScale,
                    List<GradeBand> gradeBands, List<Component> components) {
    public static final String INDICATOR = "indicator";

    public enum Aggregation { MEAN, MEDIAN, TRIMMED_MEAN }

    public record GradeBand(BigDecimal min, String label) {
    }

    public record Component(String key, BigDecimal share) {
    }
}

package kaoping.plan;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import kaoping.api.model.FieldError;
import kaoping.api.model.IndicatorChange;
import kaoping.api.model.IndicatorNode;

/**
 * What a plan needs of its indicator tree. Owned here and implemented by the indicator feature, which comes after
 * plan and builds on it, so that plan never depends on it.
 */
public interface PlanTree {
    /**
     * A whole tree that must be well-formed and add up to {@code total} (422 otherwise); its nodes may carry
     * assignments only {@code withAssignments} (400 otherwise), which {@link PlanResponsibility} checks.
     */
    void checkWholeTree(List<IndicatorNode> roots, BigDecimal total, boolean withAssignments);

    /** Stores a checked tree as the plan's; the new id of each given node. */
    Map<IndicatorNode, UUID> insertTree(UUID planId, List<IndicatorNode> roots);

    /** What in the tree keeps the plan from being submitted: no targets, children that do not add up. */
    List<FieldError> submitReasons(UUID planId);

    /** Plays a change request's edits on the tree, all or none; with {@code store} keeps the result. */
    void applyChanges(PlanEntity plan, List<IndicatorChange> changes, boolean store);

    /** The tree as it is now, for a version to keep. */
    List<IndicatorNode> snapshot(UUID planId);
}

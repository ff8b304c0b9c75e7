package kaoping.plan;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import kaoping.api.model.FieldError;
import kaoping.api.model.IndicatorNode;

/** Who answers for a plan's targets, as far as its cycle needs it; implemented by the responsibility feature. */
public interface PlanResponsibility {
    /** The targets without a responsible department or person (on them or a node above): no submission then. */
    List<FieldError> submitReasons(UUID planId);

    /**
     * 422 naming every wrong entry by its path (indicators[0].children[1].assignments[0].personId) unless each
     * node's assignments name people or departments of the unit; checked before anything is written.
     */
    void checkAssignments(UUID unitId, List<IndicatorNode> roots);

    /** Stores the checked assignments of a new tree's nodes, whose new ids are {@code ids}. */
    void insertAssignments(UUID planId, Map<IndicatorNode, UUID> ids);
}

package kaoping.plan;

import java.util.List;
import java.util.UUID;

import kaoping.api.model.FieldError;

/** Who answers for a plan's targets, as far as its cycle needs it; implemented by the responsibility feature. */
public interface PlanResponsibility {
    /** The targets without a responsible department or person (on them or a node above): no submission then. */
    List<FieldError> submitReasons(UUID planId);
}

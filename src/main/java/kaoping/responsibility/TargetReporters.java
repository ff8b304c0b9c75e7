package kaoping.responsibility;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import kaoping.access.Caller;
import kaoping.access.Roles;
import kaoping.api.model.AssignmentRole;
import kaoping.indicator.IndicatorEntity;
import kaoping.plan.PlanEntity;
import kaoping.web.ApiProblem;

/**
 * Who reports on a target (self-assessment, progress, evidence): the UNIT_COORDINATOR of the plan's unit, or a
 * RESPONSIBLE person named for the target, as its leader or person, on it or on a node above it.
 */
@ApplicationScoped
public class TargetReporters {
    private final Caller caller;

    public TargetReporters(Caller caller) {
        this.caller = caller;
    }

    public void require(PlanEntity plan, UUID indicatorId) {
        if (caller.coordinatorOf(plan.unitId)) {
            return;
        }
        UUID person = caller.has(Roles.RESPONSIBLE) ? caller.personId().orElse(null) : null;
        for (UUID node = indicatorId; person != null && node != null; node = parentOf(node)) {
            if (AssignmentEntity.count("indicatorId = ?1 and personId = ?2 and role in ?3", node, person,
                    java.util.List.of(AssignmentRole.LEADER, AssignmentRole.PERSON)) > 0) {
                return;
            }
        }
        throw ApiProblem.forbidden("This is entered by the UNIT_COORDINATOR of the plan's unit or by a person "
                + "responsible for the target (RESPONSIBLE, named as its leader or person).");
    }

    private static UUID parentOf(UUID node) {
        IndicatorEntity e = IndicatorEntity.findById(node);
        return e == null ? null : e.parentId;
    }
}

package kaoping.plan;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.access.Caller;
import kaoping.access.Roles;
import kaoping.api.model.ChangeDecision;
import kaoping.api.model.ChangeDecisionKind;
import kaoping.api.model.ChangeRequestInput;
import kaoping.api.model.ChangeRequestStatus;
import kaoping.api.model.FieldError;
import kaoping.api.model.PlanStatus;
import kaoping.api.model.ScoreResult;
import kaoping.api.model.TransitionAction;
import kaoping.api.model.TransitionInput;
import kaoping.persistence.Db;
import kaoping.persistence.Filter;
import kaoping.persistence.Occurrence;
import kaoping.web.ApiProblem;
import kaoping.web.Etags;

/**
 * The plan's yearly cycle: its transitions with their preconditions, the change requests that alone change an
 * approved tree, and the versions those make.
 */
@ApplicationScoped
public class PlanLifecycle {
    /** The statuses in which an approved tree can be changed by a change request. */
    private static final PlanStatus[] CHANGEABLE = {PlanStatus.APPROVED, PlanStatus.PUBLISHED, PlanStatus.SELF_ASSESSMENT,
            PlanStatus.EVALUATION};

    /** Where an action may start, where it leads, and whether the unit's coordinator (not the EVALUATOR) takes it. */
    private record Step(Set<PlanStatus> from, PlanStatus to, boolean byCoordinator) {
    }

    private static final Map<TransitionAction, Step> STEPS = Map.of(
            TransitionAction.SUBMIT, new Step(Set.of(PlanStatus.DRAFT, PlanStatus.RETURNED), PlanStatus.SUBMITTED, true),
            TransitionAction.RETURN, new Step(Set.of(PlanStatus.SUBMITTED), PlanStatus.RETURNED, false),
            TransitionAction.APPROVE, new Step(Set.of(PlanStatus.SUBMITTED), PlanStatus.APPROVED, false),
            TransitionAction.PUBLISH, new Step(Set.of(PlanStatus.APPROVED), PlanStatus.PUBLISHED, false),
            TransitionAction.OPEN_SELF_ASSESSMENT, new Step(Set.of(PlanStatus.PUBLISHED), PlanStatus.SELF_ASSESSMENT, false),
            TransitionAction.OPEN_EVALUATION, new Step(Set.of(PlanStatus.SELF_ASSESSMENT), PlanStatus.EVALUATION, false),
            TransitionAction.CLOSE, new Step(Set.of(PlanStatus.EVALUATION), PlanStatus.CLOSED, false));

    private final PlanService plans;
    private final PlanTree indicators;
    private final PlanResponsibility assignments;
    private final PlanScore scores;
    private final Caller caller;
    private final PlanMapper mapper;
    private final Event<Occurrence> occurred;

    private final Clock clock;

    public PlanLifecycle(PlanService plans, PlanTree indicators, PlanResponsibility assignments, PlanScore scores,
                         Caller caller, PlanMapper mapper, Event<Occurrence> occurred, Clock clock) {
        this.plans = plans;
        this.indicators = indicators;
        this.assignments = assignments;
        this.scores = scores;
        this.caller = caller;
        this.mapper = mapper;
        this.occurred = occurred;
        this.clock = clock;
    }

    @Transactional
    public PlanEntity transition(UUID planId, TransitionInput input, String ifMatch) {
        PlanEntity plan = plans.lock(planId);
        Etags.checkMatch(ifMatch, plan.version);
        TransitionAction action = input.getAction();
        Step step = STEPS.get(action);
        if (step.byCoordinator() ? !caller.coordinatorOf(plan.unitId) : !caller.has(Roles.EVALUATOR)) {
            throw ApiProblem.forbidden(action + " is taken by " + (step.byCoordinator()
                    ? "the UNIT_COORDINATOR of the plan's unit." : "an EVALUATOR."));
        }
        if (!step.from().contains(plan.status)) {
            throw refused(action, List.of(ApiProblem.field("status", "the plan is " + plan.status + "; " + action
                    + " starts from " + String.join(" or ", step.from().stream().map(Enum::name).sorted().toList()))));
        }
        if (action == TransitionAction.RETURN && (input.getComment() == null || input.getComment().isBlank())) {
            throw ApiProblem.unprocessable("comment", "a return needs the reason, for the unit to act on");
        }
        List<FieldError> reasons = switch (action) {
            case SUBMIT -> submittable(plan);
            case CLOSE -> closable(plan, Boolean.TRUE.equals(input.getAcceptIncomplete()));
            default -> List.of();
        };
        if (!reasons.isEmpty()) {
            throw refused(action, reasons);
        }
        TransitionEntity t = new TransitionEntity();
        t.id = UUID.randomUUID();
        t.planId = plan.id;
        t.action = action;
        t.fromStatus = plan.status;
        t.toStatus = step.to();
        t.comment = input.getComment();
        t.actor = caller.actor();
        t.createdAt = OffsetDateTime.now(clock);
        t.persist();
        plan.status = step.to();
        if (action == TransitionAction.APPROVE) {
            keepVersion(plan, null);
        }
        Db.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", t.fromStatus.toString());
        data.put("to", t.toStatus.toString());
        if (t.comment != null) {
            data.put("comment", t.comment);
        }
        occurred.fire(new Occurrence("kaoping.plan." + PAST.get(action), plan.unitId, plan.id, "plans/" + plan.id,
                plan.version, data));
        if (action == TransitionAction.CLOSE) {
            // a closed plan's result is final: the score a receiver fetches now is the published one
            ScoreResult score = scores.score(plan.id);
            occurred.fire(new Occurrence("kaoping.score.published", plan.unitId, plan.id, "plans/" + plan.id + "/score",
                    plan.version, Map.of("finalScore", score.getFinalScore(), "grade", score.getGrade(),
                    "complete", score.getComplete())));
        }
        return plan;
    }

    /** The event type's last word for each action: what happened to the plan. */
    private static final Map<TransitionAction, String> PAST = Map.of(TransitionAction.SUBMIT, "submitted",
            TransitionAction.RETURN, "returned", TransitionAction.APPROVE, "approved", TransitionAction.PUBLISH, "published",
            TransitionAction.OPEN_SELF_ASSESSMENT, "self_assessment_opened",
            TransitionAction.OPEN_EVALUATION, "evaluation_opened", TransitionAction.CLOSE, "closed");

    private static ApiProblem refused(TransitionAction action, List<FieldError> reasons) {
        return new ApiProblem(409, "transition-refused", "Transition refused", action + " is refused"
                + (reasons.size() == 1 ? ": " + reasons.get(0).getMessage() + "." : " for " + reasons.size() + " reasons; see errors."),
                reasons, null);
    }

    /** Weights that add up and, on every target, a responsible department or person (on it or a node above). */
    private List<FieldError> submittable(PlanEntity plan) {
        List<FieldError> reasons = new ArrayList<>(indicators.submitReasons(plan.id));
        reasons.addAll(assignments.submitReasons(plan.id));
        return reasons;
    }

    /** Every target scored, unless the evaluator accepts the gaps; no change request left undecided. */
    private List<FieldError> closable(PlanEntity plan, boolean acceptIncomplete) {
        List<FieldError> reasons = new ArrayList<>();
        if (!acceptIncomplete) {
            ScoreResult score = scores.score(plan.id);
            score.getUnscored().forEach(leaf -> reasons.add(ApiProblem.field("indicators/" + leaf,
                    "no score yet (send acceptIncomplete to close anyway)")));
        }
        if (ChangeRequestEntity.count("planId = ?1 and status = ?2", plan.id, ChangeRequestStatus.PENDING) > 0) {
            reasons.add(ApiProblem.field("changeRequests", "a change request is still waiting for its decision"));
        }
        return reasons;
    }

    public PanacheQuery<TransitionEntity> transitions(UUID planId, Page page) {
        plans.get(planId);
        return TransitionEntity.<TransitionEntity>find("planId", Sort.by("createdAt").and("id"), planId).page(page);
    }

    @Transactional
    public ChangeRequestEntity propose(UUID planId, ChangeRequestInput input) {
        PlanEntity plan = plans.lock(planId);
        caller.requirePlanEditor(plan.unitId);
        PlanService.requireStatus(plan, "A change request", CHANGEABLE);
        indicators.applyChanges(plan, input.getChanges(), false);
        ChangeRequestEntity cr = new ChangeRequestEntity();
        cr.planId = plan.id;
        cr.reason = input.getReason();
        cr.changes = mapper.write(input.getChanges());
        cr.status = ChangeRequestStatus.PENDING;
        cr.proposedBy = caller.actor();
        cr.persist();
        Db.flush();
        occurred.fire(new Occurrence("kaoping.change_request.proposed", plan.unitId, plan.id,
                "plans/" + plan.id + "/change-requests/" + cr.id, cr.version, Map.of("reason", cr.reason)));
        return cr;
    }

    public ChangeRequestEntity changeRequest(UUID planId, UUID id) {
        plans.get(planId);
        return ChangeRequestEntity.<ChangeRequestEntity>findByIdOptional(id).filter(cr -> cr.planId.equals(planId))
                .orElseThrow(() -> ApiProblem.notFound("change request", id));
    }

    public PanacheQuery<ChangeRequestEntity> changeRequests(UUID planId, ChangeRequestStatus status, Page page) {
        plans.get(planId);
        Filter filter = new Filter().eq("planId", planId).eq("status", status);
        return ChangeRequestEntity.<ChangeRequestEntity>find(filter.query(), Sort.descending("createdAt", "id"),
                filter.params()).page(page);
    }

    /** An approval applies the edits to the current tree, all at once, and keeps the result as the next version. */
    @Transactional
    public ChangeRequestEntity decide(UUID planId, UUID id, ChangeDecision decision, String ifMatch) {
        PlanEntity plan = plans.lock(planId);
        ChangeRequestEntity cr = changeRequest(planId, id);
        Etags.checkMatch(ifMatch, cr.version);
        if (cr.status != ChangeRequestStatus.PENDING) {
            throw ApiProblem.conflict("The change request was already decided: " + cr.status + ".");
        }
        PlanService.requireStatus(plan, "Deciding a change request", CHANGEABLE);
        if (decision.getDecision() == ChangeDecisionKind.APPROVE) {
            indicators.applyChanges(plan, mapper.changes(cr), true);
            requireEntriesFit(plan);
            cr.resultVersion = keepVersion(plan, cr.id);
            cr.status = ChangeRequestStatus.APPROVED;
        } else {
            cr.status = ChangeRequestStatus.REJECTED;
        }
        cr.decidedBy = caller.actor();
        cr.decidedAt = OffsetDateTime.now(clock);
        cr.comment = decision.getComment();
        Db.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("decision", cr.status.toString());
        if (cr.resultVersion != null) {
            data.put("planVersion", cr.resultVersion);
        }
        occurred.fire(new Occurrence("kaoping.change_request.decided", plan.unitId, plan.id,
                "plans/" + plan.id + "/change-requests/" + cr.id, cr.version, data));
        return cr;
    }

    /**
     * Scores entered before the change must still fit the changed tree (a weight lowered below an assessor's score
     * would leave the plan unscorable): the approval is refused, naming them, and nothing is applied.
     */
    private void requireEntriesFit(PlanEntity plan) {
        try {
            scores.score(plan.id);
        } catch (ApiProblem stale) {
            if (stale.status != 409) {
                throw stale;
            }
            throw new ApiProblem(422, "entries-do-not-fit", "Entries do not fit the changed tree", "The change would leave "
                    + "entries above their target's new weight; change them first or keep the weight. " + stale.getMessage(),
                    stale.errors, stale.inconsistencies);
        }
    }

    /** The current tree as the plan's next version; its number. */
    private int keepVersion(PlanEntity plan, UUID changeRequestId) {
        PlanVersionEntity v = new PlanVersionEntity();
        v.planId = plan.id;
        v.number = (int) PlanVersionEntity.count("planId", plan.id) + 1;
        v.tree = mapper.write(indicators.snapshot(plan.id));
        v.changeRequestId = changeRequestId;
        v.createdAt = OffsetDateTime.now(clock);
        v.persist();
        return v.number;
    }

    public PanacheQuery<PlanVersionEntity> versions(UUID planId, Page page) {
        plans.get(planId);
        return PlanVersionEntity.<PlanVersionEntity>find("planId", Sort.descending("number"), planId).page(page);
    }

    public PlanVersionEntity version(UUID planId, int number) {
        plans.get(planId);
        return PlanVersionEntity.<PlanVersionEntity>find("planId = ?1 and number = ?2", planId, number).firstResultOptional()
                .orElseThrow(() -> ApiProblem.notFound("version", number + " of plan " + planId));
    }
}

package kaoping.scoring;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.access.Caller;
import kaoping.api.model.AdjustmentInput;
import kaoping.api.model.AdjustmentKind;
import kaoping.api.model.Component;
import kaoping.api.model.FieldError;
import kaoping.api.model.PlanStatus;
import kaoping.evidence.EvidenceService;
import kaoping.persistence.Occurrence;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanRules;
import kaoping.plan.PlanService;
import kaoping.web.ApiProblem;
import kaoping.web.Clocks;
import kaoping.web.Etags;

/** Bonus, deduction and veto items, and the scores of the components beside the tree. */
@ApplicationScoped
public class AdjustmentService {
    private static final BigDecimal HUNDRED = new BigDecimal(100);
    private final PlanService plans;
    private final ScoreService scores;
    private final Caller caller;
    private final ObjectMapper json;
    private final Event<Occurrence> occurred;

    public AdjustmentService(PlanService plans, ScoreService scores, Caller caller, ObjectMapper json,
                             Event<Occurrence> occurred) {
        this.plans = plans;
        this.scores = scores;
        this.caller = caller;
        this.json = json;
        this.occurred = occurred;
    }

    public PanacheQuery<AdjustmentEntity> list(UUID planId, Page page) {
        plans.get(planId);
        return AdjustmentEntity.<AdjustmentEntity>find("planId", Sort.by("createdAt").and("id"), planId).page(page);
    }

    @Transactional
    public AdjustmentEntity add(UUID planId, AdjustmentInput input) {
        PlanEntity plan = plans.get(planId);
        PlanService.requireStatus(plan, "An adjustment", PlanStatus.EVALUATION);
        boolean veto = input.getKind() == AdjustmentKind.VETO;
        if (veto && input.getPoints() != null) {
            throw ApiProblem.unprocessable("points", "a veto has no points");
        }
        if (!veto && (input.getPoints() == null || input.getPoints().signum() <= 0)) {
            throw ApiProblem.unprocessable("points", "a " + input.getKind() + " item has points above 0");
        }
        if (!veto && input.getPoints().stripTrailingZeros().scale() > 2) {
            throw ApiProblem.unprocessable("points", "at most 2 decimals");
        }
        List<UUID> evidenceIds = input.getEvidenceIds() == null ? List.of() : List.copyOf(input.getEvidenceIds());
        List<FieldError> unknown = EvidenceService.notOfPlan(planId, evidenceIds, "evidenceIds");
        if (!unknown.isEmpty()) {
            throw ApiProblem.unprocessable(unknown);
        }
        AdjustmentEntity item = new AdjustmentEntity();
        item.id = UUID.randomUUID();
        item.planId = planId;
        item.kind = input.getKind();
        item.points = input.getPoints();
        item.reason = input.getReason();
        item.evidenceIds = evidenceIds;
        item.createdBy = caller.name();
        item.createdAt = OffsetDateTime.now(Clocks.current());
        item.persist();
        Map<String, Object> data = new HashMap<>(Map.of("kind", item.kind.toString(), "reason", item.reason));
        if (item.points != null) {
            data.put("points", item.points);
        }
        occurred.fire(new Occurrence("kaoping.adjustment.created", plan.unitId, planId,
                "plans/" + planId + "/adjustments/" + item.id, null, data));
        return item;
    }

    public AdjustmentEntity get(UUID planId, UUID adjustmentId) {
        plans.get(planId);
        return AdjustmentEntity.<AdjustmentEntity>findByIdOptional(adjustmentId).filter(a -> a.planId.equals(planId))
                .orElseThrow(() -> ApiProblem.notFound("adjustment", adjustmentId));
    }

    @Transactional
    public void delete(UUID planId, UUID adjustmentId) {
        AdjustmentEntity item = get(planId, adjustmentId);
        PlanService.requireStatus(plans.get(planId), "Withdrawing an adjustment", PlanStatus.EVALUATION);
        if (item.findingId != null) {
            // withdrawn, it would be applied again by the next run of the findings' job: it goes with its finding
            throw ApiProblem.conflict("This deduction is for the supervision finding " + item.findingId
                    + "; it is not withdrawn on its own.");
        }
        item.delete();
    }

    public record Scores(Map<String, BigDecimal> scores, long version) {
    }

    public Scores componentScores(UUID planId) {
        PlanEntity plan = plans.get(planId);
        return new Scores(scores.componentScores(plan), plan.componentScoresVersion);
    }

    /** Replaces every component score; keys are the plan's components other than the tree, values 0–100. */
    @Transactional
    public Scores putComponentScores(UUID planId, Map<String, BigDecimal> given, String ifMatch) {
        PlanEntity plan = plans.lock(planId);
        Etags.requireMatch(ifMatch, plan.componentScoresVersion);
        PlanService.requireStatus(plan, "Component scores", PlanStatus.EVALUATION);
        List<String> keys = plans.rules(plan).getComponents().stream().map(Component::getKey)
                .filter(k -> !PlanRules.INDICATOR_COMPONENT.equals(k)).toList();
        List<FieldError> errors = new ArrayList<>();
        given.forEach((key, score) -> {
            if (!keys.contains(key)) {
                errors.add(ApiProblem.field("scores." + key, keys.isEmpty() ? "the plan has no component besides the tree"
                        : "not a component of the plan besides the tree (" + String.join(", ", keys) + ")"));
            } else if (score.signum() < 0 || score.compareTo(HUNDRED) > 0) {
                errors.add(ApiProblem.field("scores." + key, "a score on the 0–100 scale"));
            }
        });
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        try {
            plan.componentScores = json.writeValueAsString(given);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("numbers by key always serialise", e);
        }
        plan.componentScoresVersion++;
        return new Scores(given, plan.componentScoresVersion);
    }
}

package kaoping.plan;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import kaoping.api.model.ChangeRequest;
import kaoping.api.model.IndicatorChange;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.NamedRef;
import kaoping.api.model.Plan;
import kaoping.api.model.PlanStatus;
import kaoping.api.model.PlanUpdate;
import kaoping.api.model.PlanVersion;
import kaoping.api.model.PlanVersionSummary;
import kaoping.api.model.ScoringRules;
import kaoping.api.model.Transition;
import kaoping.api.model.TransitionAction;
import kaoping.org.UnitEntity;

@ApplicationScoped
public class PlanMapper {
    private static final TypeReference<List<IndicatorNode>> TREE = new TypeReference<>() { };
    private static final TypeReference<List<IndicatorChange>> CHANGES = new TypeReference<>() { };
    private final ObjectMapper json;

    public PlanMapper(ObjectMapper json) {
        this.json = json;
    }

    Plan toApi(PlanEntity p) {
        return toApi(List.of(p)).get(0);
    }

    /**
     * Plans as a list screen shows them: with their unit's name and, while RETURNED, the evaluator's reason; two
     * queries for any number of plans.
     */
    List<Plan> toApi(List<PlanEntity> plans) {
        Map<UUID, String> units = new HashMap<>();
        UnitEntity.<UnitEntity>list("id in ?1", plans.stream().map(p -> p.unitId).distinct().toList())
                .forEach(u -> units.put(u.id, u.name));
        List<UUID> returned = plans.stream().filter(p -> p.status == PlanStatus.RETURNED).map(p -> p.id).toList();
        Map<UUID, String> reasons = new HashMap<>();
        if (!returned.isEmpty()) {
            // oldest first, so each plan keeps the reason of its latest return
            TransitionEntity.<TransitionEntity>list("planId in ?1 and action = ?2 order by createdAt, id", returned,
                    TransitionAction.RETURN).forEach(t -> reasons.put(t.planId, t.comment));
        }
        return plans.stream().map(p -> new Plan().id(p.id).title(p.title).year(p.year).unitId(p.unitId)
                .unit(new NamedRef().id(p.unitId).name(units.get(p.unitId))).series(p.series)
                .documentNumber(p.documentNumber).status(p.status).returnReason(reasons.get(p.id)).scoringRules(rules(p))
                .version(p.version).createdAt(p.createdAt).updatedAt(p.updatedAt)).toList();
    }

    PlanUpdate toUpdate(PlanEntity p) {
        return new PlanUpdate().title(p.title).year(p.year).series(p.series).documentNumber(p.documentNumber)
                .scoringRules(rules(p));
    }

    void apply(PlanUpdate u, ScoringRules rules, PlanEntity p) {
        p.title = u.getTitle();
        p.year = u.getYear();
        p.series = u.getSeries();
        p.documentNumber = u.getDocumentNumber();
        p.scoringRules = write(rules);
    }

    ScoringRules rules(PlanEntity p) {
        try {
            return json.readValue(p.scoringRules, ScoringRules.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored scoring rules are not readable: " + e.getOriginalMessage(), e);
        }
    }

    Transition toApi(TransitionEntity t) {
        return new Transition().id(t.id).planId(t.planId).action(t.action).from(t.fromStatus).to(t.toStatus)
                .comment(t.comment).actor(t.actor).createdAt(t.createdAt);
    }

    ChangeRequest toApi(ChangeRequestEntity cr) {
        return new ChangeRequest().id(cr.id).planId(cr.planId).reason(cr.reason).changes(changes(cr)).status(cr.status)
                .proposedBy(cr.proposedBy).createdAt(cr.createdAt).decidedBy(cr.decidedBy).decidedAt(cr.decidedAt)
                .comment(cr.comment).resultVersion(cr.resultVersion).version(cr.version);
    }

    PlanVersionSummary summary(PlanVersionEntity v) {
        return new PlanVersionSummary().number(v.number).changeRequestId(v.changeRequestId).createdAt(v.createdAt);
    }

    PlanVersion toApi(PlanVersionEntity v) {
        return new PlanVersion().number(v.number).changeRequestId(v.changeRequestId).createdAt(v.createdAt)
                .indicators(read(v.tree, TREE));
    }

    List<IndicatorChange> changes(ChangeRequestEntity cr) {
        return read(cr.changes, CHANGES);
    }

    /** An API model as the JSON a column keeps. */
    String write(Object model) {
        try {
            return json.writeValueAsString(model);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("API models always serialise", e);
        }
    }

    private <T> T read(String stored, TypeReference<T> type) {
        try {
            return json.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored JSON column is not readable: " + e.getOriginalMessage(), e);
        }
    }
}

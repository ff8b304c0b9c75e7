package kaoping.plan;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import kaoping.access.Actor;
import kaoping.api.model.ChangeRequest;
import kaoping.api.model.IndicatorChange;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.Plan;
import kaoping.api.model.PlanUpdate;
import kaoping.api.model.PlanVersion;
import kaoping.api.model.PlanVersionSummary;
import kaoping.api.model.ScoringRules;
import kaoping.api.model.Transition;

@ApplicationScoped
public class PlanMapper {
    private static final TypeReference<List<IndicatorNode>> TREE = new TypeReference<>() { };
    private static final TypeReference<List<IndicatorChange>> CHANGES = new TypeReference<>() { };
    private final ObjectMapper json;

    public PlanMapper(ObjectMapper json) {
        this.json = json;
    }

    Plan toApi(PlanEntity p) {
        return new Plan().id(p.id).title(p.title).year(p.year).unitId(p.unitId).series(p.series)
                .documentNumber(p.documentNumber).status(p.status).scoringRules(rules(p)).version(p.version)
                .createdAt(p.createdAt).updatedAt(p.updatedAt);
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
                .comment(t.comment).actor(Actor.api(t.actor)).createdAt(t.createdAt);
    }

    ChangeRequest toApi(ChangeRequestEntity cr) {
        return new ChangeRequest().id(cr.id).planId(cr.planId).reason(cr.reason).changes(changes(cr)).status(cr.status)
                .proposedBy(Actor.api(cr.proposedBy)).createdAt(cr.createdAt).decidedBy(Actor.api(cr.decidedBy)).decidedAt(cr.decidedAt)
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

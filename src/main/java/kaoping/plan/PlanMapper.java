package kaoping.plan;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import kaoping.api.model.Plan;
import kaoping.api.model.PlanUpdate;
import kaoping.api.model.ScoringRules;

@ApplicationScoped
public class PlanMapper {
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
        try {
            p.scoringRules = json.writeValueAsString(rules);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ScoringRules always serialise", e);
        }
    }

    ScoringRules rules(PlanEntity p) {
        try {
            return json.readValue(p.scoringRules, ScoringRules.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored scoring rules are not readable: " + e.getOriginalMessage(), e);
        }
    }
}

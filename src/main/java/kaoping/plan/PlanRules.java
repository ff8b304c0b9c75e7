package kaoping.plan;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import kaoping.api.model.Aggregation;
import kaoping.api.model.Component;
import kaoping.api.model.FieldError;
import kaoping.api.model.GradeBand;
import kaoping.api.model.GradeScaleEntry;
import kaoping.api.model.ScoringRules;
import kaoping.web.ApiProblem;

/** The defaults of scoring.md and the rules a plan's scoring rules must keep. */
public final class PlanRules {
    public static final String INDICATOR_COMPONENT = "indicator";

    private PlanRules() {
    }

    public static ScoringRules withDefaults(ScoringRules given) {
        ScoringRules r = given == null ? new ScoringRules() : given;
        if (r.getTotalWeight() == null) {
            r.setTotalWeight(new BigDecimal(100));
        }
        if (r.getAggregation() == null) {
            r.setAggregation(Aggregation.MEAN);
        }
        if (r.getSelfShare() == null) {
            r.setSelfShare(BigDecimal.ZERO);
        }
        if (r.getAllowOverflow() == null) {
            r.setAllowOverflow(false);
        }
        if (r.getBonusCap() == null) {
            r.setBonusCap(new BigDecimal(3));
        }
        if (r.getGradeScale() == null || r.getGradeScale().isEmpty()) {
            r.setGradeScale(List.of(scale("优", "1"), scale("良", "0.8"), scale("中", "0.6"), scale("差", "0")));
        }
        if (r.getGradeBands() == null || r.getGradeBands().isEmpty()) {
            r.setGradeBands(List.of(band(90, "优秀"), band(75, "合格"), band(0, "不合格")));
        }
        if (r.getComponents() == null || r.getComponents().isEmpty()) {
            r.setComponents(List.of(new Component().key(INDICATOR_COMPONENT).share(BigDecimal.ONE)));
        }
        return r;
    }

    /** Checks complete rules; every broken rule is named, under {@code scoringRules.}. */
    public static void check(ScoringRules r) {
        List<FieldError> errors = new ArrayList<>();
        if (r.getTotalWeight().stripTrailingZeros().scale() > 2) {
            errors.add(ApiProblem.field("scoringRules.totalWeight", "at most 2 decimals"));
        }
        unique(r.getGradeScale().stream().map(GradeScaleEntry::getLabel).toList(), "scoringRules.gradeScale", errors);
        List<GradeBand> bands = r.getGradeBands();
        unique(bands.stream().map(GradeBand::getLabel).toList(), "scoringRules.gradeBands", errors);
        for (int i = 1; i < bands.size(); i++) {
            if (bands.get(i).getMin().compareTo(bands.get(i - 1).getMin()) >= 0) {
                errors.add(ApiProblem.field("scoringRules.gradeBands[" + i + "].min",
                        "bands go from the highest minimum down; this one is not below the one before"));
            }
        }
        if (bands.get(bands.size() - 1).getMin().signum() != 0) {
            errors.add(ApiProblem.field("scoringRules.gradeBands[" + (bands.size() - 1) + "].min",
                    "the last band starts at 0, so every score has a grade"));
        }
        List<Component> components = r.getComponents();
        List<String> keys = components.stream().map(Component::getKey).toList();
        unique(keys, "scoringRules.components", errors);
        if (!keys.contains(INDICATOR_COMPONENT)) {
            errors.add(ApiProblem.field("scoringRules.components", "the indicator tree is a component: add key \"indicator\""));
        }
        BigDecimal shares = components.stream().map(Component::getShare).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (shares.compareTo(BigDecimal.ONE) != 0) {
            errors.add(ApiProblem.field("scoringRules.components", "shares sum to " + shares.toPlainString() + ", not 1"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
    }

    private static void unique(List<String> labels, String field, List<FieldError> errors) {
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (!seen.add(label)) {
                errors.add(ApiProblem.field(field, "\"" + label + "\" appears twice"));
            }
        }
    }

    private static GradeScaleEntry scale(String label, String fraction) {
        return new GradeScaleEntry().label(label).fraction(new BigDecimal(fraction));
    }

    private static GradeBand band(int min, String label) {
        return new GradeBand().min(new BigDecimal(min)).label(label);
    }
}

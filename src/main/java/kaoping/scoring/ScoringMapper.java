package kaoping.scoring;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import kaoping.api.model.Adjustment;
import kaoping.api.model.AdjustmentKind;
import kaoping.api.model.Band;
import kaoping.api.model.Direction;
import kaoping.api.model.FieldError;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.LeafInputs;
import kaoping.api.model.ScoreNode;
import kaoping.api.model.ScoreResult;
import kaoping.api.model.Scoring;
import kaoping.api.model.ScoringMethod;
import kaoping.api.model.ScoringRules;
import kaoping.scoring.engine.InvalidInput;
import kaoping.scoring.engine.Method;
import kaoping.scoring.engine.Node;
import kaoping.scoring.engine.Result;
import kaoping.scoring.engine.Rules;
import kaoping.web.ApiProblem;

/** Between the contract's shapes and the engine's. */
@ApplicationScoped
public class ScoringMapper {
    /** scoring.md's default share of the extra points a CHALLENGE leaf reaches at its challenge value. */
    private static final BigDecimal DEFAULT_BONUS_FRACTION = new BigDecimal("0.2");

    /** Rules that are complete (PlanRules.withDefaults) and checked. */
    Rules rules(ScoringRules r) {
        Map<String, BigDecimal> scale = new LinkedHashMap<>();
        r.getGradeScale().forEach(g -> scale.put(g.getLabel(), g.getFraction()));
        return new Rules(r.getTotalWeight(), Rules.Aggregation.valueOf(r.getAggregation().name()), r.getSelfShare(),
                r.getAllowOverflow(), r.getBonusCap(), r.getDeductionCap(), scale,
                r.getGradeBands().stream().map(b -> new Rules.GradeBand(b.getMin(), b.getLabel())).toList(),
                r.getComponents().stream().map(c -> new Rules.Component(c.getKey(), c.getShare())).toList());
    }

    /** The engine's tree, each leaf with the inputs {@code inputs} finds for it. */
    List<Node> nodes(List<IndicatorNode> roots, Function<IndicatorNode, Node.Inputs> inputs) {
        return roots.stream().map(n -> node(n, inputs)).toList();
    }

    private Node node(IndicatorNode n, Function<IndicatorNode, Node.Inputs> inputs) {
        String id = n.getId() == null ? null : n.getId().toString();
        if (n.getChildren() != null && !n.getChildren().isEmpty()) {
            return new Node(id, n.getCode(), n.getName(), n.getWeight(), nodes(n.getChildren(), inputs), null, null);
        }
        return new Node(id, n.getCode(), n.getName(), n.getWeight(), List.of(), leaf(n.getScoring()), inputs.apply(n));
    }

    private static Node.Leaf leaf(Scoring s) {
        if (s == null || s.getMethod() == null) {
            return Node.Leaf.MANUAL;
        }
        BigDecimal bonus = s.getBonusFraction() == null && s.getMethod() == ScoringMethod.CHALLENGE
                ? DEFAULT_BONUS_FRACTION : s.getBonusFraction();
        List<Node.Band> bands = s.getBands() == null ? List.of()
                : s.getBands().stream().map((Band b) -> new Node.Band(b.getThreshold(), b.getFraction())).toList();
        return new Node.Leaf(Method.valueOf(s.getMethod().name()), s.getTarget(), s.getChallenge(), bonus,
                s.getDirection() != Direction.LOWER, bands, s.getPerOccurrence(), s.getFloor());
    }

    static Node.Inputs inputs(LeafInputs in) {
        return in == null ? Node.Inputs.NONE : new Node.Inputs(in.getAssessorScores(), in.getAssessorGrades(),
                in.getSelfScore(), in.getCompletion(), in.getActual(), in.getOccurrences());
    }

    static kaoping.scoring.engine.Adjustment adjustment(AdjustmentKind kind, BigDecimal points) {
        return new kaoping.scoring.engine.Adjustment(kaoping.scoring.engine.Adjustment.Kind.valueOf(kind.name()), points);
    }

    static Adjustment toApi(AdjustmentEntity e) {
        return new Adjustment().id(e.id).planId(e.planId).kind(e.kind).points(e.points).reason(e.reason)
                .evidenceIds(e.evidenceIds).findingId(e.findingId).createdBy(e.createdBy).createdAt(e.createdAt);
    }

    static ScoreResult toApi(Result r) {
        return new ScoreResult().indicatorScore(r.indicatorScore()).compositeScore(r.compositeScore())
                .bonusApplied(r.bonusApplied()).deductionApplied(r.deductionApplied()).finalScore(r.finalScore())
                .grade(r.grade()).vetoed(r.vetoed()).complete(r.complete()).unscored(r.unscored())
                .missingComponents(r.missingComponents()).breakdown(r.breakdown().stream().map(ScoringMapper::toApi).toList());
    }

    private static ScoreNode toApi(Result.NodeResult n) {
        Node.Inputs in = n.inputs();
        LeafInputs inputs = in == null ? null : new LeafInputs()
                .assessorScores(in.assessorScores().isEmpty() ? null : in.assessorScores())
                .assessorGrades(in.assessorGrades().isEmpty() ? null : in.assessorGrades())
                .selfScore(in.selfScore()).completion(in.completion()).actual(in.actual()).occurrences(in.occurrences());
        return new ScoreNode().id(n.id() == null ? null : UUID.fromString(n.id())).code(n.code()).name(n.name())
                .weight(n.weight().stripTrailingZeros()).score(n.score())
                .method(n.method() == null ? null : ScoringMethod.valueOf(n.method().name())).scored(n.scored())
                .inputs(inputs).formula(n.formula())
                .children(n.children().isEmpty() ? null : n.children().stream().map(ScoringMapper::toApi).toList());
    }

    static List<FieldError> errors(InvalidInput e) {
        return e.violations().stream().map(v -> ApiProblem.field(v.path(), v.message())).toList();
    }
}

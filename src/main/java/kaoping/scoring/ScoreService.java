package kaoping.scoring;

import java.math.BigDecimal;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.annotation.Timed;
import kaoping.api.model.AdjustmentInput;
import kaoping.api.model.EvaluationRequest;
import kaoping.api.model.FieldError;
import kaoping.api.model.IndicatorNode;
import kaoping.api.model.PlanStatus;
import kaoping.api.model.Ranking;
import kaoping.api.model.RankingEntry;
import kaoping.api.model.ScoreResult;
import kaoping.api.model.ScoringRules;
import kaoping.api.model.WeightInconsistency;
import kaoping.assessment.AssessmentService;
import kaoping.indicator.IndicatorService;
import kaoping.indicator.TreeRules;
import kaoping.org.UnitEntity;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanRules;
import kaoping.plan.PlanScore;
import kaoping.plan.PlanService;
import kaoping.scoring.engine.Adjustment;
import kaoping.scoring.engine.Engine;
import kaoping.scoring.engine.InvalidInput;
import kaoping.scoring.engine.Node;
import kaoping.scoring.engine.Result;
import kaoping.web.ApiProblem;

/**
 * Runs the engine: on a posted tree (nothing stored, nothing read) or on stored plans, whose trees and inputs are
 * read with one query per kind of row however many plans and leaves there are.
 */
@ApplicationScoped
public class ScoreService implements PlanScore {
    private static final TypeReference<Map<String, BigDecimal>> SCORES = new TypeReference<>() {
    };
    private final PlanService plans;
    private final IndicatorService indicators;
    private final AssessmentService assessments;
    private final ScoringMapper mapper;
    private final ObjectMapper json;

    public ScoreService(PlanService plans, IndicatorService indicators, AssessmentService assessments,
                        ScoringMapper mapper, ObjectMapper json) {
        this.plans = plans;
        this.indicators = indicators;
        this.assessments = assessments;
        this.mapper = mapper;
        this.json = json;
    }

    /** The stateless evaluation: every rule checked as for a stored plan, then the engine. */
    public ScoreResult evaluate(EvaluationRequest request) {
        ScoringRules rules = PlanRules.withDefaults(request.getScoringRules());
        PlanRules.check(rules);
        List<IndicatorNode> roots = request.getIndicators();
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            errors.addAll(TreeRules.nodeErrors(roots.get(i), "indicators[" + i + "]", 1));
            errors.addAll(innerInputs(roots.get(i), "indicators[" + i + "]"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        List<WeightInconsistency> found = TreeRules.inconsistencies(roots, rules.getTotalWeight());
        if (!found.isEmpty()) {
            throw TreeRules.weightsProblem(found);
        }
        List<AdjustmentInput> adjustments = request.getAdjustments() == null ? List.of() : request.getAdjustments();
        try {
            return ScoringMapper.toApi(Engine.evaluate(mapper.rules(rules),
                    mapper.nodes(roots, n -> ScoringMapper.inputs(n.getInputs())),
                    adjustments.stream().map(a -> ScoringMapper.adjustment(a.getKind(), a.getPoints())).toList(),
                    request.getComponentScores() == null ? Map.of() : request.getComponentScores()));
        } catch (InvalidInput e) {
            throw ApiProblem.unprocessable(ScoringMapper.errors(e));
        }
    }

    private static List<FieldError> innerInputs(IndicatorNode node, String at) {
        List<FieldError> errors = new ArrayList<>();
        List<IndicatorNode> children = node.getChildren() == null ? List.of() : node.getChildren();
        if (!children.isEmpty() && node.getInputs() != null) {
            errors.add(ApiProblem.field(at + ".inputs", "only leaves take inputs; this node has children"));
        }
        for (int i = 0; i < children.size(); i++) {
            errors.addAll(innerInputs(children.get(i), at + ".children[" + i + "]"));
        }
        return errors;
    }

    @Override
    @Timed(value = "kaoping.scoring", extraTags = {"of", "plan"}, description = "Computing a stored plan's score")
    public ScoreResult score(UUID planId) {
        PlanEntity plan = plans.get(planId);
        // the items counted, with their reasons: a figure of the score is explained down to the finding it came from
        return ScoringMapper.toApi(results(List.of(plan)).get(plan.id)).planId(plan.id).adjustments(AdjustmentEntity
                .<AdjustmentEntity>list("planId = ?1 order by createdAt, id", plan.id).stream().map(ScoringMapper::toApi).toList());
    }

    /** Unit names in the order a Chinese reader expects (pinyin), not by code point. */
    private static final Collator NAMES = Collator.getInstance(Locale.CHINA);

    /** Ranked unless asked otherwise: the plans being evaluated or closed, not drafts still being written. */
    private static final List<PlanStatus> RANKED = List.of(PlanStatus.EVALUATION, PlanStatus.CLOSED);

    /** The plans of a year and series in the statuses given, ranked by scoring.md; ties are listed by unit name. */
    @Timed(value = "kaoping.scoring", extraTags = {"of", "ranking"}, description = "Ranking the plans of a series")
    public Ranking ranking(int year, String series, List<PlanStatus> statuses) {
        List<PlanEntity> all = PlanEntity.list("year = ?1 and series = ?2 and status in ?3", year, series,
                statuses == null || statuses.isEmpty() ? RANKED : statuses);
        Map<UUID, UnitEntity> units = UnitEntity.<UnitEntity>list("id in ?1", all.stream().map(p -> p.unitId).toList())
                .stream().collect(Collectors.toMap(u -> u.id, u -> u));
        List<PlanEntity> byName = all.stream().sorted(Comparator.comparing(p -> units.get(p.unitId).name, NAMES)).toList();
        Map<UUID, Result> results = results(byName);
        List<RankingEntry> items = kaoping.scoring.engine.Ranking.rank(byName, p -> results.get(p.id)).stream()
                .map(r -> new RankingEntry().rank(r.rank()).planId(r.item().id).unitId(r.item().unitId)
                        .unitName(units.get(r.item().unitId).name).title(r.item().title).status(r.item().status).finalScore(r.result().finalScore())
                        .grade(r.result().grade()).vetoed(r.result().vetoed()).complete(r.result().complete()))
                .toList();
        return new Ranking().year(year).series(series).items(items);
    }

    /** The engine's result for each plan, from its stored tree, inputs, adjustments and component scores. */
    private Map<UUID, Result> results(List<PlanEntity> list) {
        if (list.isEmpty()) {
            return Map.of();
        }
        List<UUID> ids = list.stream().map(p -> p.id).toList();
        Map<UUID, List<IndicatorNode>> trees = indicators.trees(ids);
        Map<UUID, Node.Inputs> inputs = assessments.inputs(ids);
        Map<UUID, List<Adjustment>> adjustments = AdjustmentEntity.<AdjustmentEntity>list("planId in ?1 order by createdAt", ids)
                .stream().collect(Collectors.groupingBy(a -> a.planId,
                        Collectors.mapping(a -> ScoringMapper.adjustment(a.kind, a.points), Collectors.toList())));
        Function<IndicatorNode, Node.Inputs> leafInputs = n -> inputs.getOrDefault(n.getId(), Node.Inputs.NONE);
        Map<UUID, Result> results = new HashMap<>();
        for (PlanEntity plan : list) {
            ScoringRules rules = plans.rules(plan);
            List<WeightInconsistency> found = TreeRules.inconsistencies(trees.get(plan.id), rules.getTotalWeight());
            if (!found.isEmpty()) {
                // a draft may be mid-edit; its score would mean nothing until the weights add up again
                throw new ApiProblem(409, "weights-inconsistent", "Weights do not add up", "The tree of the plan \""
                        + plan.title + "\" does not add up, so it cannot be scored; see inconsistencies.",
                        TreeRules.weightsProblem(found).errors, found);
            }
            try {
                results.put(plan.id, Engine.evaluate(mapper.rules(rules), mapper.nodes(trees.get(plan.id), leafInputs),
                        adjustments.getOrDefault(plan.id, List.of()), componentScores(plan)));
            } catch (InvalidInput e) {
                throw new ApiProblem(409, "conflict", "Conflict", "Stored entries of the plan \"" + plan.title
                        + "\" no longer fit its tree or rules (a weight or the grade scale changed after they were entered); "
                        + "change them and score again.", ScoringMapper.errors(e), null);
            }
        }
        return results;
    }

    Map<String, BigDecimal> componentScores(PlanEntity plan) {
        try {
            return json.readValue(plan.componentScores, SCORES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored component scores are not readable: " + e.getOriginalMessage(), e);
        }
    }
}

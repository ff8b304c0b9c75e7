package kaoping.assessment;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.access.Caller;
import kaoping.access.Roles;
import kaoping.api.model.AssessmentInput;
import kaoping.api.model.FieldError;
import kaoping.api.model.GradeScaleEntry;
import kaoping.api.model.PlanStatus;
import kaoping.api.model.ProgressInput;
import kaoping.api.model.ScoringMethod;
import kaoping.api.model.SelfAssessmentInput;
import kaoping.indicator.IndicatorService;
import kaoping.org.PersonEntity;
import kaoping.persistence.Db;
import kaoping.persistence.Filter;
import kaoping.persistence.Occurrence;
import kaoping.persistence.TrackedEntity;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.responsibility.TargetReporters;
import kaoping.scoring.engine.Node;
import kaoping.web.ApiProblem;
import kaoping.web.Etags;
import kaoping.web.Paging;

/**
 * What a stored plan is scored from: its assessors and their entries, the unit's self-assessments and progress
 * reports, and the engine inputs they make.
 */
@ApplicationScoped
public class AssessmentService {
    private final PlanService plans;
    private final IndicatorService indicators;
    private final Caller caller;
    private final TargetReporters reporters;
    private final Event<Occurrence> occurred;
    private final Clock clock;
    private final PeriodGate periods;

    public AssessmentService(PlanService plans, IndicatorService indicators, Caller caller, TargetReporters reporters,
                             Event<Occurrence> occurred, Clock clock, PeriodGate periods) {
        this.plans = plans;
        this.indicators = indicators;
        this.caller = caller;
        this.reporters = reporters;
        this.occurred = occurred;
        this.clock = clock;
        this.periods = periods;
    }

    /** An entry and whether this request created it (201) or changed it (200). */
    public record Saved<T>(T entity, boolean created) {
    }

    public PanacheQuery<AssessorEntity> assessors(UUID planId, Page page) {
        plans.get(planId);
        return AssessorEntity.<AssessorEntity>find("planId", Sort.by("assignedAt").and("id"), planId).page(page);
    }

    public Map<UUID, String> names(List<UUID> personIds) {
        Map<UUID, String> names = new HashMap<>();
        PersonEntity.<PersonEntity>list("id in ?1", personIds).forEach(p -> names.put(p.id, p.name));
        return names;
    }

    @Transactional
    public AssessorEntity addAssessor(UUID planId, UUID personId) {
        PlanService.requireStatus(plans.get(planId), "Changing the assessors", PlanService.OPEN);
        if (PersonEntity.findById(personId) == null) {
            throw ApiProblem.unprocessable("personId", "no person " + personId);
        }
        AssessorEntity assessor = new AssessorEntity();
        assessor.id = UUID.randomUUID();
        assessor.planId = planId;
        assessor.personId = personId;
        assessor.assignedAt = OffsetDateTime.now(clock);
        assessor.persist();
        Db.flushOrConflict("The person is already an assessor of this plan.");
        return assessor;
    }

    public AssessorEntity assessor(UUID planId, UUID personId) {
        plans.get(planId);
        return AssessorEntity.<AssessorEntity>find("planId = ?1 and personId = ?2", planId, personId)
                .firstResultOptional().orElseThrow(() -> ApiProblem.notFound("assessor", personId));
    }

    @Transactional
    public void removeAssessor(UUID planId, UUID personId) {
        PlanService.requireStatus(plans.get(planId), "Changing the assessors", PlanService.OPEN);
        AssessorEntity assessor = assessor(planId, personId);
        if (AssessmentEntity.count("planId = ?1 and assessorId = ?2", planId, personId) > 0) {
            throw ApiProblem.conflict("The assessor has entered scores for this plan; they stay part of its record.");
        }
        assessor.delete();
    }

    /** An assessor's own entry: only they write it, on a plan they are assigned to; a MANUAL score or a GRADE label. */
    @Transactional
    public Saved<AssessmentEntity> putAssessment(UUID planId, UUID indicatorId, UUID assessorId, AssessmentInput input,
                                                 String ifMatch) {
        PlanEntity plan = plans.get(planId);
        if (!caller.has(Roles.ASSESSOR) || caller.personId().filter(assessorId::equals).isEmpty()) {
            throw ApiProblem.forbidden("Only the assessor themself enters their scores, with an ASSESSOR key or token of theirs.");
        }
        if (AssessorEntity.count("planId = ?1 and personId = ?2", planId, assessorId) == 0) {
            throw ApiProblem.forbidden("You are not an assessor of this plan.");
        }
        PlanService.requireStatus(plan, "Entering assessors' scores", PlanStatus.EVALUATION);
        IndicatorService.Leaf leaf = indicators.leaf(planId, indicatorId);
        checkEntry(leaf, input, plans.rules(plan).getGradeScale());
        Optional<AssessmentEntity> existing = AssessmentEntity.find("indicatorId = ?1 and assessorId = ?2", indicatorId,
                assessorId).firstResultOptional();
        Etags.requireMatchOrNew(ifMatch, version(existing));
        AssessmentEntity entry = existing.orElseGet(() -> created(new AssessmentEntity()));
        entry.planId = planId;
        entry.indicatorId = indicatorId;
        entry.assessorId = assessorId;
        entry.score = input.getScore();
        entry.grade = input.getGrade();
        entry.note = input.getNote();
        entry.persist();
        flushCreated(ifMatch, "This entry was just made by another request; read it and change it with its ETag.");
        // the last two entries made at once: the plan's lock makes the second count after the first has committed
        if (existing.isEmpty() && missingEntries(plans.lock(planId).id) == 0) {
            occurred.fire(new Occurrence("kaoping.assessments.completed", plan.unitId, planId, "plans/" + planId
                    + "/assessments", null, Map.of("assessors", AssessorEntity.count("planId", planId))));
        }
        return new Saved<>(entry, existing.isEmpty());
    }

    /** The (assessor, leaf scored by assessors) pairs of the plan still without an entry. */
    private static long missingEntries(UUID planId) {
        return ((Number) Panache.getEntityManager().createNativeQuery("""
                select count(*) from plan_assessors a join indicators i on i.plan_id = a.plan_id
                 where a.plan_id = ?1 and coalesce(i.scoring ->> 'method', 'MANUAL') in ('MANUAL', 'GRADE')
                   and not exists (select 1 from indicators c where c.parent_id = i.id)
                   and not exists (select 1 from assessments e where e.indicator_id = i.id and e.assessor_id = a.person_id)
                """).setParameter(1, planId).getSingleResult()).longValue();
    }

    private static OptionalLong version(Optional<? extends TrackedEntity> entry) {
        return entry.map(e -> OptionalLong.of(e.version)).orElse(OptionalLong.empty());
    }

    private static <T extends TrackedEntity> T created(T entry) {
        entry.version = Etags.CREATED;
        return entry;
    }

    /**
     * The entry made by another request at the same time surfaces here: a create sent with If-Match ("only if it
     * does not exist yet") failed its precondition (412); one sent without, a plain conflict (409).
     */
    private static void flushCreated(String ifMatch, String conflict) {
        Db.flushOr(() -> ifMatch == null || ifMatch.isBlank() ? ApiProblem.conflict(conflict)
                : ApiProblem.preconditionFailed(null));
    }

    private static void checkEntry(IndicatorService.Leaf leaf, AssessmentInput input, List<GradeScaleEntry> scale) {
        ScoringMethod method = leaf.scoring().getMethod();
        List<FieldError> errors = new ArrayList<>();
        if (method == ScoringMethod.MANUAL) {
            if (input.getScore() == null) {
                errors.add(ApiProblem.field("score", "a MANUAL leaf takes a score"));
            } else if (input.getScore().compareTo(leaf.weight()) > 0) {
                errors.add(ApiProblem.field("score", "at most the weight " + leaf.weight().stripTrailingZeros().toPlainString()));
            }
            if (input.getGrade() != null) {
                errors.add(ApiProblem.field("grade", "a MANUAL leaf takes a score, not a grade"));
            }
        } else if (method == ScoringMethod.GRADE) {
            List<String> labels = scale.stream().map(GradeScaleEntry::getLabel).toList();
            if (input.getGrade() == null || !labels.contains(input.getGrade())) {
                errors.add(ApiProblem.field("grade", "a GRADE leaf takes one of " + String.join(", ", labels)));
            }
            if (input.getScore() != null) {
                errors.add(ApiProblem.field("score", "a GRADE leaf takes a grade, not a score"));
            }
        } else {
            errors.add(ApiProblem.field("indicatorId", "a " + method + " leaf is scored from progress reports, not by assessors"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
    }

    public AssessmentEntity assessment(UUID planId, UUID indicatorId, UUID assessorId) {
        plans.get(planId);
        requireOwnOrEvaluator(assessorId);
        return AssessmentEntity.<AssessmentEntity>find("planId = ?1 and indicatorId = ?2 and assessorId = ?3", planId,
                indicatorId, assessorId).firstResultOptional().orElseThrow(() -> ApiProblem.notFound("assessment", assessorId));
    }

    /** An EVALUATOR sees every entry; an assessor only their own. */
    public PanacheQuery<AssessmentEntity> assessments(UUID planId, UUID assessorId, UUID indicatorId, Page page) {
        plans.get(planId);
        UUID only = assessorId;
        if (!caller.has(Roles.EVALUATOR)) {
            only = caller.personId().orElseThrow(() -> ApiProblem.forbidden("Entries are seen by their assessor or an EVALUATOR."));
            requireOwnOrEvaluator(assessorId == null ? only : assessorId);
        }
        Filter filter = new Filter().eq("planId", planId).eq("assessorId", only).eq("indicatorId", indicatorId);
        return AssessmentEntity.<AssessmentEntity>find(filter.query(), Sort.by("indicatorId").and("assessorId"),
                filter.params()).page(page);
    }

    private void requireOwnOrEvaluator(UUID assessorId) {
        if (!caller.has(Roles.EVALUATOR) && caller.personId().filter(assessorId::equals).isEmpty()) {
            throw ApiProblem.forbidden("Entries are seen by their assessor or an EVALUATOR.");
        }
    }

    @Transactional
    public Saved<SelfAssessmentEntity> putSelfAssessment(UUID planId, UUID indicatorId, SelfAssessmentInput input,
                                                         String ifMatch) {
        IndicatorService.Leaf leaf = indicators.leaf(planId, indicatorId);
        PlanEntity plan = plans.get(planId);
        reporters.require(plan, indicatorId);
        PlanService.requireStatus(plan, "A self-assessment", PlanStatus.SELF_ASSESSMENT);
        if (input.getScore().compareTo(leaf.weight()) > 0) {
            throw ApiProblem.unprocessable("score", "at most the weight " + leaf.weight().stripTrailingZeros().toPlainString());
        }
        Optional<SelfAssessmentEntity> existing = SelfAssessmentEntity.find("indicatorId", indicatorId).firstResultOptional();
        Etags.requireMatchOrNew(ifMatch, version(existing));
        SelfAssessmentEntity entry = existing.orElseGet(() -> created(new SelfAssessmentEntity()));
        entry.planId = planId;
        entry.indicatorId = indicatorId;
        entry.score = input.getScore();
        entry.note = input.getNote();
        entry.persist();
        flushCreated(ifMatch, "This self-assessment was just made by another request; read it and change it with its ETag.");
        return new Saved<>(entry, existing.isEmpty());
    }

    public SelfAssessmentEntity selfAssessment(UUID planId, UUID indicatorId) {
        plans.get(planId);
        return SelfAssessmentEntity.<SelfAssessmentEntity>find("planId = ?1 and indicatorId = ?2", planId, indicatorId)
                .firstResultOptional().orElseThrow(() -> ApiProblem.notFound("self-assessment of indicator", indicatorId));
    }

    /** A report carries the values the leaf's method reads and nothing else; a narrative alone is a report too. */
    @Transactional
    public ProgressEntity addProgress(UUID planId, UUID indicatorId, ProgressInput input) {
        ScoringMethod method = indicators.leaf(planId, indicatorId).scoring().getMethod();
        PlanEntity plan = plans.get(planId);
        reporters.require(plan, indicatorId);
        PlanService.requireStatus(plan, "A progress report", PlanService.REPORTING);
        List<FieldError> errors = new ArrayList<>();
        boolean measured = switch (method) {
            case RATIO, INVERSE_RATIO, CHALLENGE, BANDS -> true;
            default -> false;
        };
        unused("actual", input.getActual(), measured, method, errors);
        unused("completion", input.getCompletion(), method == ScoringMethod.COMPLETION, method, errors);
        unused("occurrences", input.getOccurrences(), method == ScoringMethod.DEDUCTION, method, errors);
        if (input.getActual() == null && input.getCompletion() == null && input.getOccurrences() == null
                && input.getNarrative() == null) {
            errors.add(ApiProblem.field("narrative", "a report has a value or a narrative"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
        PeriodGate.Period period = periods.admit(plan, indicatorId, input.getPeriod(), input.getReportedOn());
        ProgressEntity report = new ProgressEntity();
        report.id = UUID.randomUUID();
        report.planId = planId;
        report.indicatorId = indicatorId;
        report.period = period == null ? input.getPeriod() : period.code();
        report.periodId = period == null ? null : period.id();
        report.reportedOn = input.getReportedOn();
        report.actual = input.getActual();
        report.completion = input.getCompletion();
        report.occurrences = input.getOccurrences();
        report.narrative = input.getNarrative();
        report.reportedBy = caller.name();
        report.createdAt = OffsetDateTime.now(clock);
        report.persist();
        return report;
    }

    private static void unused(String field, Object value, boolean used, ScoringMethod method, List<FieldError> errors) {
        if (value != null && !used) {
            errors.add(ApiProblem.field(field, "a " + method + " leaf does not use " + field));
        }
    }

    public ProgressEntity report(UUID planId, UUID indicatorId, UUID id) {
        plans.get(planId);
        return ProgressEntity.<ProgressEntity>findByIdOptional(id)
                .filter(p -> p.planId.equals(planId) && p.indicatorId.equals(indicatorId))
                .orElseThrow(() -> ApiProblem.notFound("progress report", id));
    }

    public PanacheQuery<ProgressEntity> progress(UUID planId, UUID indicatorId, Page page) {
        indicators.leaf(planId, indicatorId);
        return ProgressEntity.<ProgressEntity>find("indicatorId", Sort.descending("reportedOn", "createdAt").and("id"),
                indicatorId).page(page);
    }

    /** Every report of a plan (or of one of its leaves), one query for the page, for whoever sees the plan. */
    public PanacheQuery<ProgressEntity> planProgress(UUID planId, UUID indicatorId, String sort, Page page) {
        plans.get(planId);
        Filter filter = new Filter().eq("planId", planId).eq("indicatorId", indicatorId);
        return ProgressEntity.<ProgressEntity>find(filter.query(), Paging.sort(sort, "-reportedOn,-createdAt",
                Map.of("reportedOn", "reportedOn", "createdAt", "createdAt")), filter.params()).page(page);
    }

    /** Every self-assessment of a plan, one query for the page, for whoever sees the plan. */
    public PanacheQuery<SelfAssessmentEntity> selfAssessments(UUID planId, String sort, Page page) {
        plans.get(planId);
        return SelfAssessmentEntity.<SelfAssessmentEntity>find("planId", Paging.sort(sort, "createdAt",
                Map.of("createdAt", "createdAt", "updatedAt", "updatedAt")), planId).page(page);
    }

    /**
     * The engine inputs of every leaf of these plans, by leaf id: the assessors' entries, the self score, and the
     * newest reported value of each kind. Three queries, whatever the number of plans.
     */
    public Map<UUID, Node.Inputs> inputs(List<UUID> planIds) {
        Map<UUID, LeafInputs> byLeaf = new HashMap<>();
        for (AssessmentEntity a : AssessmentEntity.<AssessmentEntity>list("planId in ?1 order by createdAt, id", planIds)) {
            LeafInputs in = byLeaf.computeIfAbsent(a.indicatorId, k -> new LeafInputs());
            if (a.score != null) {
                in.scores.add(a.score);
            } else {
                in.grades.add(a.grade);
            }
        }
        for (SelfAssessmentEntity s : SelfAssessmentEntity.<SelfAssessmentEntity>list("planId in ?1", planIds)) {
            byLeaf.computeIfAbsent(s.indicatorId, k -> new LeafInputs()).self = s.score;
        }
        for (ProgressEntity p : ProgressEntity.<ProgressEntity>list(
                "planId in ?1 order by reportedOn desc, createdAt desc, id", planIds)) {
            LeafInputs in = byLeaf.computeIfAbsent(p.indicatorId, k -> new LeafInputs());
            in.actual = in.actual == null ? p.actual : in.actual;
            in.completion = in.completion == null ? p.completion : in.completion;
            in.occurrences = in.occurrences == null ? p.occurrences : in.occurrences;
        }
        Map<UUID, Node.Inputs> inputs = new HashMap<>();
        byLeaf.forEach((id, in) -> inputs.put(id, new Node.Inputs(in.scores, in.grades, in.self, in.completion, in.actual,
                in.occurrences)));
        return inputs;
    }

    /** The inputs of one leaf while they are gathered from the rows. */
    private static final class LeafInputs {
        final List<BigDecimal> scores = new ArrayList<>();
        final List<String> grades = new ArrayList<>();
        BigDecimal self;
        BigDecimal actual;
        BigDecimal completion;
        Integer occurrences;
    }
}

package kaoping.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import kaoping.access.Caller;
import kaoping.api.model.PlanInput;
import kaoping.api.model.PlanStatus;
import kaoping.api.model.PlanUpdate;
import kaoping.api.model.ScoringRules;
import kaoping.org.UnitEntity;
import kaoping.org.UnitService;
import kaoping.persistence.Db;
import kaoping.persistence.Filter;
import kaoping.web.ApiProblem;
import kaoping.web.Etags;
import kaoping.web.MergePatch;
import kaoping.web.Paging;

@ApplicationScoped
public class PlanService {
    private static final Map<String, String> SORTS = Map.of("year", "year", "title", "title", "createdAt", "createdAt",
            "updatedAt", "updatedAt");
    private final UnitService units;
    private final PlanTree indicators;
    private final PlanResponsibility responsibility;
    private final PlanMapper mapper;
    private final MergePatch mergePatch;
    private final Caller caller;

    public PlanService(UnitService units, PlanTree indicators, PlanResponsibility responsibility, PlanMapper mapper,
                       MergePatch mergePatch, Caller caller) {
        this.units = units;
        this.indicators = indicators;
        this.responsibility = responsibility;
        this.mapper = mapper;
        this.mergePatch = mergePatch;
        this.caller = caller;
    }

    /** A plan the caller may see (Caller.sees); 404 for any other, as for one that does not exist. */
    public PlanEntity get(UUID id) {
        return visible(PlanEntity.<PlanEntity>findByIdOptional(id), id);
    }

    private PlanEntity visible(Optional<PlanEntity> plan, UUID id) {
        return plan.filter(p -> caller.sees(p.id, p.unitId)).orElseThrow(() -> ApiProblem.notFound("plan", id));
    }

    /**
     * 409 unless the plan is in one of these statuses: what may be written follows the yearly cycle. {@code what}
     * names the write, as the caller reads it.
     */
    public static void requireStatus(PlanEntity plan, String what, PlanStatus... allowed) {
        if (!List.of(allowed).contains(plan.status)) {
            throw ApiProblem.conflict(what + " " + (allowed.length == 1 ? "is possible only while the plan is " + allowed[0]
                    : "is possible while the plan is one of " + Arrays.toString(allowed))
                    + "; it is " + plan.status + ".");
        }
    }

    public ScoringRules rules(PlanEntity plan) {
        return mapper.rules(plan);
    }

    public PanacheQuery<PlanEntity> list(Integer year, UUID unitId, PlanStatus status, String series, String q,
                                         Page page, String sort) {
        Filter filter = visibleTo(new Filter()).eq("year", year).eq("unitId", unitId).eq("status", status).eq("series", series)
                .contains(q, "title", "documentNumber");
        return PlanEntity.<PlanEntity>find(filter.query(), Paging.sort(sort, "-year,title", SORTS), filter.params())
                .page(page);
    }

    /** Every status but CLOSED: once closed, a plan takes no more writes. */
    public static final PlanStatus[] OPEN = {PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.SUBMITTED, PlanStatus.APPROVED,
            PlanStatus.PUBLISHED, PlanStatus.SELF_ASSESSMENT, PlanStatus.EVALUATION};
    /** From publication until closing the unit reports progress and evidence. */
    public static final PlanStatus[] REPORTING = {PlanStatus.PUBLISHED, PlanStatus.SELF_ASSESSMENT, PlanStatus.EVALUATION};

    /** Only the plans the caller sees (Caller.sees), as a condition of the query. */
    private Filter visibleTo(Filter filter) {
        return visibleTo(filter, "unitId", "id");
    }

    /** Only the rows of plans the caller sees (Caller.sees), for rows that name their plan's unit and plan so. */
    public Filter visibleTo(Filter filter, String unitAttribute, String planAttribute) {
        if (caller.seesAllPlans()) {
            return filter;
        }
        UUID none = new UUID(0, 0); // matches nothing: a caller without a unit or person sees no plan of that kind
        return filter.where("(" + unitAttribute + " = :ownUnit or " + planAttribute
                        + " in (select a.planId from AssessorEntity a where a.personId = :me))",
                "ownUnit", caller.ownUnit().orElse(none), "me", caller.assessorPerson().orElse(none));
    }

    /** A new DRAFT, with its whole tree and who answers for its nodes when they are given; all checked first. */
    @Transactional
    public PlanEntity create(PlanInput input) {
        caller.requirePlanEditor(input.getUnitId());
        UnitEntity unit = units.requireEvaluatedUnit(input.getUnitId(), "unitId");
        ScoringRules rules = PlanRules.withDefaults(input.getScoringRules());
        PlanRules.check(rules);
        if (input.getIndicators() != null) {
            indicators.checkWholeTree(input.getIndicators(), rules.getTotalWeight(), true);
            responsibility.checkAssignments(unit.id, input.getIndicators());
        }
        if (PlanEntity.count("unitId = ?1 and year = ?2", unit.id, input.getYear()) > 0) {
            throw ApiProblem.conflict(unit.name + " already has a plan for " + input.getYear() + ".");
        }
        PlanEntity plan = new PlanEntity();
        plan.unitId = unit.id;
        plan.status = PlanStatus.DRAFT;
        mapper.apply(new PlanUpdate().title(input.getTitle()).year(input.getYear())
                .series(input.getSeries() == null ? unit.series : input.getSeries())
                .documentNumber(input.getDocumentNumber()), rules, plan);
        plan.persist();
        if (input.getIndicators() != null) {
            responsibility.insertAssignments(plan.id, indicators.insertTree(plan.id, input.getIndicators()));
        }
        Db.flushOrConflict(unit.name + " already has a plan for " + input.getYear() + ".");
        return plan;
    }

    @Transactional
    public PlanEntity update(UUID id, ObjectNode patch, String ifMatch) {
        PlanEntity plan = editable(get(id));
        Etags.requireMatch(ifMatch, plan.version);
        PlanUpdate update = mergePatch.apply(mapper.toUpdate(plan), patch, PlanUpdate.class);
        ScoringRules rules = PlanRules.withDefaults(update.getScoringRules());
        PlanRules.check(rules);
        mapper.apply(update, rules, plan);
        Db.flushOrConflict("The unit already has a plan for " + update.getYear() + ".");
        return plan;
    }

    @Transactional
    public void delete(UUID id) {
        editable(get(id)).delete();
    }

    /**
     * The plan, locked for the rest of the transaction so that changes of its tree are applied one at a time; only
     * for the plan's editors and while it is a draft.
     */
    public PlanEntity lockForTreeChange(UUID id) {
        return editable(lock(id));
    }

    /**
     * The plan, locked, for a change of who answers for a target: people change jobs during the year, so this is
     * open until the plan is closed, except while the evaluator reviews the submitted plan.
     */
    public PlanEntity lockForAssignmentChange(UUID id) {
        PlanEntity plan = lock(id);
        caller.requirePlanEditor(plan.unitId);
        requireStatus(plan, "Changing responsibility", PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.APPROVED,
                PlanStatus.PUBLISHED, PlanStatus.SELF_ASSESSMENT, PlanStatus.EVALUATION);
        return plan;
    }

    /** The plan, locked for the rest of the transaction: changes that bump one of its versions go one at a time. */
    public PlanEntity lock(UUID id) {
        return visible(PlanEntity.<PlanEntity>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE), id);
    }

    private PlanEntity editable(PlanEntity plan) {
        caller.requirePlanEditor(plan.unitId);
        if (!plan.editable()) {
            throw ApiProblem.conflict("The plan is " + plan.status + "; only a DRAFT or RETURNED plan can be changed"
                    + (plan.status == PlanStatus.SUBMITTED ? " (it is being reviewed)." : ", and from APPROVED on its tree only through a change request."));
        }
        return plan;
    }
}

package kaoping.plan;

import java.util.Map;
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
import kaoping.indicator.IndicatorService;
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
    private final IndicatorService indicators;
    private final PlanMapper mapper;
    private final MergePatch mergePatch;
    private final Caller caller;

    public PlanService(UnitService units, IndicatorService indicators, PlanMapper mapper, MergePatch mergePatch,
                       Caller caller) {
        this.units = units;
        this.indicators = indicators;
        this.mapper = mapper;
        this.mergePatch = mergePatch;
        this.caller = caller;
    }

    public PlanEntity get(UUID id) {
        return PlanEntity.<PlanEntity>findByIdOptional(id).orElseThrow(() -> ApiProblem.notFound("plan", id));
    }

    public ScoringRules rules(PlanEntity plan) {
        return mapper.rules(plan);
    }

    public PanacheQuery<PlanEntity> list(Integer year, UUID unitId, PlanStatus status, String series, String q,
                                         Page page, String sort) {
        Filter filter = new Filter().eq("year", year).eq("unitId", unitId).eq("status", status).eq("series", series)
                .contains(q, "title", "documentNumber");
        return PlanEntity.<PlanEntity>find(filter.query(), Paging.sort(sort, "-year,title", SORTS), filter.params())
                .page(page);
    }

    /** A new DRAFT, with its whole tree when one is given; all or nothing. */
    @Transactional
    public PlanEntity create(PlanInput input) {
        caller.requirePlanEditor(input.getUnitId());
        UnitEntity unit = units.requireEvaluatedUnit(input.getUnitId(), "unitId");
        ScoringRules rules = PlanRules.withDefaults(input.getScoringRules());
        PlanRules.check(rules);
        if (input.getIndicators() != null) {
            indicators.checkWholeTree(input.getIndicators(), rules.getTotalWeight());
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
            indicators.insert(plan.id, null, 0, input.getIndicators());
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

    /** The plan, locked for the rest of the transaction: changes that bump one of its versions go one at a time. */
    public PlanEntity lock(UUID id) {
        return PlanEntity.<PlanEntity>findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ApiProblem.notFound("plan", id));
    }

    private PlanEntity editable(PlanEntity plan) {
        caller.requirePlanEditor(plan.unitId);
        if (!plan.editable()) {
            throw ApiProblem.conflict("The plan is " + plan.status + "; only a DRAFT can be changed.");
        }
        return plan;
    }
}

package kaoping.reporting;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import kaoping.web.Clocks;
import kaoping.access.Caller;
import kaoping.api.model.FieldError;
import kaoping.api.model.PeriodInput;
import kaoping.api.model.PeriodUnlockInput;
import kaoping.api.model.PeriodsInput;
import kaoping.assessment.PeriodGate;
import kaoping.indicator.IndicatorService;
import kaoping.persistence.Db;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;
import kaoping.web.ApiProblem;

/** A plan's reporting periods, their deadlines in Asia/Shanghai, and the lock that closes them to reports. */
@ApplicationScoped
public class Periods implements PeriodGate {
    private final PlanService plans;
    private final IndicatorService indicators;
    private final Caller caller;
    private final WorkingCalendar calendar;
    private final Clock clock;

    public Periods(PlanService plans, IndicatorService indicators, Caller caller, WorkingCalendar calendar, Clock clock) {
        this.plans = plans;
        this.indicators = indicators;
        this.caller = caller;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** The midnight from which a first report is LATE: after the due date and its working days of grace. */
    public OffsetDateTime onTimeUntil(PeriodEntity p) {
        return midnightAfter(calendar.workingDaysAfter(p.dueOn, p.graceDays));
    }

    /** The midnight from which the period takes no reports (unless unlocked). */
    public static OffsetDateTime lockedFrom(PeriodEntity p) {
        return midnightAfter(p.locksOn);
    }

    private static OffsetDateTime midnightAfter(LocalDate day) {
        return day.plusDays(1).atStartOfDay(Clocks.OFFICES).toOffsetDateTime();
    }

    public PanacheQuery<PeriodEntity> list(UUID planId, Page page) {
        plans.get(planId);
        return PeriodEntity.<PeriodEntity>find("planId", Sort.by("dueOn").and("code").and("id"), planId).page(page);
    }

    public PeriodEntity get(UUID planId, UUID periodId) {
        plans.get(planId);
        return PeriodEntity.<PeriodEntity>findByIdOptional(periodId).filter(p -> p.planId.equals(planId))
                .orElseThrow(() -> ApiProblem.notFound("period", periodId));
    }

    /** The periods given, or those of a template for the plan's year; all or none. */
    @Transactional
    public List<PeriodEntity> create(UUID planId, PeriodsInput input) {
        PlanEntity plan = plans.get(planId);
        caller.requirePlanEditor(plan.unitId);
        if ((input.getPeriods() == null) == (input.getTemplate() == null)) {
            throw ApiProblem.unprocessable("template", "give either periods or a template");
        }
        List<PeriodInput> periods = input.getTemplate() == null ? input.getPeriods()
                : template(plan.year, input.getTemplate());
        check(periods);
        List<PeriodEntity> created = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(clock);
        for (PeriodInput in : periods) {
            PeriodEntity p = new PeriodEntity();
            p.id = UUID.randomUUID();
            p.planId = planId;
            p.code = in.getCode();
            p.name = in.getName();
            p.startsOn = in.getStartsOn();
            p.endsOn = in.getEndsOn();
            p.dueOn = in.getDueOn();
            p.graceDays = in.getGraceDays() == null ? 0 : in.getGraceDays();
            p.locksOn = in.getLocksOn();
            p.createdAt = now;
            p.persist();
            created.add(p);
        }
        Db.flushOrConflict("The plan already has a period of one of these codes.");
        return created;
    }

    /** Quarters or halves of the year: due 10 days after their span, 3 working days of grace, locked 30 days later. */
    private static List<PeriodInput> template(int year, PeriodsInput.TemplateEnum template) {
        int months = template == PeriodsInput.TemplateEnum.QUARTERLY ? 3 : 6;
        String letter = months == 3 ? "Q" : "H";
        String kind = months == 3 ? "季度自查" : "半年分析";
        List<PeriodInput> periods = new ArrayList<>();
        for (int i = 0; i < 12 / months; i++) {
            LocalDate start = LocalDate.of(year, 1 + i * months, 1);
            LocalDate end = start.plusMonths(months).minusDays(1);
            LocalDate due = end.plusDays(10);
            periods.add(new PeriodInput().code(year + letter + (i + 1)).name(year + "年" + letter + (i + 1) + kind)
                    .startsOn(start).endsOn(end).dueOn(due).graceDays(3).locksOn(due.plusDays(30)));
        }
        return periods;
    }

    private static void check(List<PeriodInput> periods) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < periods.size(); i++) {
            PeriodInput p = periods.get(i);
            String at = "periods[" + i + "].";
            if (!codes.add(p.getCode())) {
                errors.add(ApiProblem.field(at + "code", "code " + p.getCode() + " is given twice"));
            }
            if (p.getEndsOn().isBefore(p.getStartsOn())) {
                errors.add(ApiProblem.field(at + "endsOn", "before startsOn"));
            }
            if (p.getDueOn().isBefore(p.getStartsOn())) {
                errors.add(ApiProblem.field(at + "dueOn", "before startsOn"));
            }
            if (p.getLocksOn().isBefore(p.getDueOn())) {
                errors.add(ApiProblem.field(at + "locksOn", "before dueOn"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.unprocessable(errors);
        }
    }

    @Override
    public Period admit(PlanEntity plan, UUID indicatorId, String code, LocalDate reportedOn) {
        if (PeriodEntity.count("planId", plan.id) == 0) {
            return null; // a plan without periods keeps the free-text period of its reports
        }
        PeriodEntity period;
        if (code != null) {
            period = PeriodEntity.<PeriodEntity>find("planId = ?1 and code = ?2", plan.id, code).firstResultOptional()
                    .orElseThrow(() -> ApiProblem.unprocessable("period", "the plan has no period " + code));
        } else {
            // of overlapping periods (2026Q2 and 2026H1), the one due first
            period = PeriodEntity.<PeriodEntity>find("planId = ?1 and startsOn <= ?2 and endsOn >= ?2",
                    Sort.by("dueOn").and("code"), plan.id, reportedOn).firstResult();
            if (period == null) {
                return null;
            }
        }
        requireOpen(period, indicatorId);
        return new Period(period.id, period.code);
    }

    private void requireOpen(PeriodEntity period, UUID indicatorId) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (now.isBefore(lockedFrom(period)) || UnlockEntity.count("periodId = ?1 and (indicatorId is null or indicatorId = ?2) "
                + "and createdAt <= ?3 and expiresAt > ?3", period.id, indicatorId, now) > 0) {
            return;
        }
        throw ApiProblem.conflict("The period " + period.code + " is locked: its last day for reports was " + period.locksOn
                + " (Asia/Shanghai). An EVALUATOR may unlock it for the unit or the target.");
    }

    @Transactional
    public UnlockEntity unlock(UUID planId, UUID periodId, PeriodUnlockInput input) {
        PeriodEntity period = get(planId, periodId);
        if (input.getIndicatorId() != null) {
            indicators.leaf(planId, input.getIndicatorId());
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!input.getExpiresAt().isAfter(now)) {
            throw ApiProblem.unprocessable("expiresAt", "in the past; an unlock expires later than now");
        }
        UnlockEntity unlock = new UnlockEntity();
        unlock.id = UUID.randomUUID();
        unlock.planId = planId;
        unlock.periodId = period.id;
        unlock.indicatorId = input.getIndicatorId();
        unlock.reason = input.getReason();
        unlock.expiresAt = input.getExpiresAt();
        unlock.grantedBy = caller.actor();
        unlock.createdAt = now;
        unlock.persist();
        return unlock;
    }
}

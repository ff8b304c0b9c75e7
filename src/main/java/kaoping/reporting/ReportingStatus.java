package kaoping.reporting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.orm.panache.Panache;
import kaoping.web.Clocks;
import kaoping.api.model.PeriodStatus;
import kaoping.api.model.ReportingCounts;
import kaoping.api.model.SeriesReportingStatus;
import kaoping.api.model.StaleTargets;
import kaoping.api.model.StaleTargetsItemsInner;
import kaoping.api.model.TargetReportingStatus;
import kaoping.plan.PlanEntity;
import kaoping.plan.PlanService;

/**
 * Who has reported for a period as of a time (未报目标, 未录入单位): each target ON_TIME, LATE, MISSING or PENDING by
 * the first report of the period entered up to then, counted per unit and over a series.
 */
@ApplicationScoped
public class ReportingStatus {
    private final PlanService plans;
    private final Periods periods;
    private final Clock clock;

    public ReportingStatus(PlanService plans, Periods periods, Clock clock) {
        this.plans = plans;
        this.periods = periods;
        this.clock = clock;
    }

    public PeriodStatus ofPeriod(UUID planId, UUID periodId, OffsetDateTime asOf) {
        PeriodEntity period = periods.get(planId, periodId);
        PlanEntity plan = plans.get(planId);
        OffsetDateTime at = at(asOf);
        List<TargetReportingStatus> targets = targets(List.of(period), at).getOrDefault(period.id, List.of());
        return new PeriodStatus().period(ReportingMapper.toApi(period, periods)).asOf(at)
                .summary(counts(targets).unitId(plan.unitId).planId(planId)).targets(targets);
    }

    /** Every plan of the year (and series) with a period of this code, unit by unit, and the series' totals. */
    public SeriesReportingStatus ofSeries(int year, String code, String series, OffsetDateTime asOf) {
        OffsetDateTime at = at(asOf);
        String plansOf = "select p.id from PlanEntity p where p.year = ?2" + (series == null ? "" : " and p.series = ?3");
        Object[] params = series == null ? new Object[] {code, year} : new Object[] {code, year, series};
        List<PeriodEntity> found = PeriodEntity.<PeriodEntity>list("code = ?1 and planId in (" + plansOf + ") order by planId",
                params);
        Map<UUID, List<TargetReportingStatus>> byPeriod = targets(found, at);
        Map<UUID, UUID> units = new LinkedHashMap<>();
        PlanEntity.<PlanEntity>list("id in ?1", found.stream().map(p -> p.planId).toList()).forEach(p -> units.put(p.id, p.unitId));
        SeriesReportingStatus result = new SeriesReportingStatus().year(year).period(code).series(series).asOf(at)
                .units(new ArrayList<>()).unitsWithoutReport(new ArrayList<>());
        List<TargetReportingStatus> all = new ArrayList<>();
        for (PeriodEntity p : found) {
            List<TargetReportingStatus> targets = byPeriod.getOrDefault(p.id, List.of());
            all.addAll(targets);
            ReportingCounts unit = counts(targets).unitId(units.get(p.planId)).planId(p.planId);
            result.getUnits().add(unit);
            if (unit.getReported() == 0) {
                result.getUnitsWithoutReport().add(unit.getUnitId());
            }
        }
        return result.total(counts(all));
    }

    /** The targets (leaves) of each period's plan with their status, by period id; one query for all. */
    private Map<UUID, List<TargetReportingStatus>> targets(List<PeriodEntity> found, OffsetDateTime at) {
        Map<UUID, List<TargetReportingStatus>> byPeriod = new LinkedHashMap<>();
        if (found.isEmpty()) {
            return byPeriod;
        }
        Map<UUID, PeriodEntity> byId = new LinkedHashMap<>();
        found.forEach(p -> byId.put(p.id, p));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                select p.id, i.id, i.code, i.name, min(r.created_at), max(r.created_at)
                  from reporting_periods p join indicators i on i.plan_id = p.plan_id
                  left join progress_reports r on r.period_id = p.id and r.indicator_id = i.id and r.created_at <= ?2
                 where p.id in ?1 and not exists (select 1 from indicators c where c.parent_id = i.id)
                 group by p.id, i.id, i.code, i.name order by p.id, i.code, i.id""")
                .setParameter(1, byId.keySet()).setParameter(2, at).getResultList();
        for (Object[] row : rows) {
            PeriodEntity period = byId.get((UUID) row[0]);
            OffsetDateTime first = time(row[4]);
            OffsetDateTime deadline = periods.onTimeUntil(period);
            String status = first != null ? (first.isBefore(deadline) ? "ON_TIME" : "LATE")
                    : at.isBefore(deadline) ? "PENDING" : "MISSING";
            byPeriod.computeIfAbsent(period.id, k -> new ArrayList<>()).add(new TargetReportingStatus()
                    .indicatorId((UUID) row[1]).code((String) row[2]).name((String) row[3])
                    .status(TargetReportingStatus.StatusEnum.fromValue(status)).firstReportedAt(first).lastReportedAt(time(row[5])));
        }
        return byPeriod;
    }

    /** Targets of the plan without a report for {@code days} days; never reported counts from the plan's creation. */
    public StaleTargets stale(UUID planId, int days, OffsetDateTime asOf) {
        PlanEntity plan = plans.get(planId);
        OffsetDateTime at = at(asOf);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                select i.id, i.code, i.name, max(r.created_at)
                  from indicators i left join progress_reports r on r.indicator_id = i.id and r.created_at <= ?2
                 where i.plan_id = ?1 and not exists (select 1 from indicators c where c.parent_id = i.id)
                 group by i.id, i.code, i.name order by i.code, i.id""").setParameter(1, planId).setParameter(2, at).getResultList();
        List<StaleTargetsItemsInner> items = new ArrayList<>();
        for (Object[] row : rows) {
            OffsetDateTime last = time(row[3]);
            long since = Duration.between(last == null ? plan.createdAt : last, at).toDays();
            if (since >= days) {
                items.add(new StaleTargetsItemsInner().indicatorId((UUID) row[0]).code((String) row[1]).name((String) row[2])
                        .lastReportedAt(last).daysWithoutReport((int) since));
            }
        }
        items.sort((a, b) -> b.getDaysWithoutReport() - a.getDaysWithoutReport());
        return new StaleTargets().asOf(at).days(days).items(items);
    }

    private OffsetDateTime at(OffsetDateTime asOf) {
        return (asOf == null ? OffsetDateTime.now(clock) : asOf).atZoneSameInstant(Clocks.OFFICES).toOffsetDateTime();
    }

    static ReportingCounts counts(List<TargetReportingStatus> targets) {
        int[] n = new int[TargetReportingStatus.StatusEnum.values().length];
        targets.forEach(t -> n[t.getStatus().ordinal()]++);
        int onTime = n[TargetReportingStatus.StatusEnum.ON_TIME.ordinal()];
        int late = n[TargetReportingStatus.StatusEnum.LATE.ordinal()];
        return new ReportingCounts().targets(targets.size()).reported(onTime + late).onTime(onTime).late(late)
                .missing(n[TargetReportingStatus.StatusEnum.MISSING.ordinal()])
                .pending(n[TargetReportingStatus.StatusEnum.PENDING.ordinal()])
                .reportingRate(rate(onTime + late, targets.size())).onTimeRate(rate(onTime, targets.size()));
    }

    private static BigDecimal rate(int part, int whole) {
        return whole == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP)
                .stripTrailingZeros();
    }

    /** A timestamptz of a native query, in China's offset. */
    static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        Instant instant = value instanceof OffsetDateTime t ? t.toInstant()
                : value instanceof Timestamp t ? t.toInstant() : (Instant) value;
        return instant.atZone(Clocks.OFFICES).toOffsetDateTime();
    }
}

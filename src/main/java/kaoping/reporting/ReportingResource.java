package kaoping.reporting;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.core.Response;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.security.Authenticated;
import kaoping.api.ReportingApi;
import kaoping.api.model.PeriodPage;
import kaoping.api.model.PeriodUnlockInput;
import kaoping.api.model.PeriodsInput;
import kaoping.api.model.ReminderInput;
import kaoping.api.model.ReminderPage;
import kaoping.web.Paging;

/** Reporting periods, who has reported, unlocks and reminders; who may call what is in the contract's x-roles. */
@Authenticated
public class ReportingResource implements ReportingApi {
    private final Periods periods;
    private final ReportingStatus status;
    private final Reminders reminders;

    public ReportingResource(Periods periods, ReportingStatus status, Reminders reminders) {
        this.periods = periods;
        this.status = status;
        this.reminders = reminders;
    }

    @Override
    public Response listPeriods(UUID planId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<PeriodEntity> query = periods.list(planId, p);
        return Response.ok(new PeriodPage().page(p.index).size(p.size).total(query.count())
                .items(query.list().stream().map(e -> ReportingMapper.toApi(e, periods)).toList())).build();
    }

    @Override
    public Response createPeriods(UUID planId, PeriodsInput input) {
        List<PeriodEntity> created = periods.create(planId, input);
        return Response.created(URI.create("/api/v1/plans/" + planId + "/periods")).entity(new PeriodPage().page(0)
                .size(created.size()).total((long) created.size())
                .items(created.stream().map(e -> ReportingMapper.toApi(e, periods)).toList())).build();
    }

    @Override
    public Response getPeriodStatus(UUID planId, UUID periodId, OffsetDateTime asOf) {
        return Response.ok(status.ofPeriod(planId, periodId, asOf)).build();
    }

    @Override
    public Response getSeriesReportingStatus(Integer year, String period, String series, OffsetDateTime asOf) {
        return Response.ok(status.ofSeries(year, period, series, asOf)).build();
    }

    @Override
    public Response listStaleTargets(UUID planId, Integer days, OffsetDateTime asOf) {
        return Response.ok(status.stale(planId, days == null ? 30 : days, asOf)).build();
    }

    @Override
    public Response grantPeriodUnlock(UUID planId, UUID periodId, PeriodUnlockInput input) {
        UnlockEntity unlock = periods.unlock(planId, periodId, input);
        return Response.created(URI.create("/api/v1/plans/" + planId + "/periods/" + periodId + "/unlocks/" + unlock.id))
                .entity(ReportingMapper.toApi(unlock)).build();
    }

    @Override
    public Response listReminders(UUID planId, UUID periodId, Integer page, Integer size) {
        Page p = Paging.page(page, size);
        PanacheQuery<ReminderEntity> query = reminders.list(planId, periodId, p);
        return Response.ok(page(planId, periodId, query.list(), p.index, p.size, query.count())).build();
    }

    @Override
    public Response sendReminder(UUID planId, UUID periodId, ReminderInput input) {
        List<ReminderEntity> made = reminders.remindNow(planId, periodId, input);
        return Response.created(URI.create("/api/v1/plans/" + planId + "/periods/" + periodId + "/reminders"))
                .entity(page(planId, periodId, made, 0, made.size(), made.size())).build();
    }

    private ReminderPage page(UUID planId, UUID periodId, List<ReminderEntity> items, int page, int size, long total) {
        Map<UUID, Reminders.Delivery> deliveries = reminders.deliveries(planId, periodId, items);
        return new ReminderPage().page(page).size(size).total(total)
                .items(items.stream().map(r -> ReportingMapper.toApi(r, deliveries.get(r.id))).toList());
    }
}

package kaoping.supervision;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import kaoping.web.Clocks;
import kaoping.api.model.FindingStatus;
import kaoping.api.model.WarningLevel;
import kaoping.persistence.Occurrence;

/**
 * What time alone changes: a finding entering a warning level is published once (per finding, level and deadline:
 * the unique key of finding_warnings decides, so a second run or a second instance publishes nothing), and a finding
 * past its deadline has its deduction applied (once, see {@link Deductions}). The logic takes the clock, so tests run
 * it at any moment, any number of times.
 */
@ApplicationScoped
public class FindingJobs {
    private final Clock clock;
    private final Deadlines deadlines;
    private final Deductions deductions;
    private final Event<Occurrence> occurred;

    public FindingJobs(Clock clock, Deadlines deadlines, Deductions deductions, Event<Occurrence> occurred) {
        this.clock = clock;
        this.deadlines = deadlines;
        this.deductions = deductions;
        this.occurred = occurred;
    }

    @Scheduled(every = "${kaoping.findings.check-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        run(clock);
    }

    /** One pass as of the clock's now: the warnings due published, the deductions settled applied. */
    public void run(Clock at) {
        LocalDate today = Clocks.today(at);
        QuarkusTransaction.requiringNew().run(() -> {
            warn(today, OffsetDateTime.now(at));
            deduct(today);
        });
    }

    private void warn(LocalDate today, OffsetDateTime now) {
        List<FindingEntity> near = FindingEntity.list("status <> ?1 and deadline <= ?2", FindingStatus.CLOSED,
                deadlines.warnedUpTo(today));
        Map<UUID, InspectionEntity> inspections = new HashMap<>();
        for (FindingEntity f : near) {
            WarningLevel level = deadlines.level(f, today);
            if (level == WarningLevel.NONE || Panache.getEntityManager().createNativeQuery("""
                    insert into finding_warnings (id, finding_id, plan_id, level, deadline, published_at)
                    values (?1, ?2, ?3, ?4, ?5, ?6) on conflict do nothing""").setParameter(1, UUID.randomUUID())
                    .setParameter(2, f.id).setParameter(3, f.planId).setParameter(4, level.toString())
                    .setParameter(5, f.deadline).setParameter(6, now).executeUpdate() == 0) {
                continue;
            }
            InspectionEntity inspection = inspection(inspections, f.inspectionId);
            occurred.fire(new Occurrence("kaoping.finding.warning", f.unitId, f.planId, "findings/" + f.id, f.version,
                    Map.of("level", level.toString(), "title", f.title, "deadline", f.deadline.toString(),
                            "daysLeft", Deadlines.daysLeft(f, today),
                            "recipients", Recipients.of(f, inspection.unitHeadPersonId, level))));
        }
    }

    /** Each inspection read once per run (a method reference would miss Panache's enhanced findById). */
    private static InspectionEntity inspection(Map<UUID, InspectionEntity> read, UUID id) {
        return read.computeIfAbsent(id, key -> InspectionEntity.<InspectionEntity>findById(key));
    }

    private void deduct(LocalDate today) {
        List<FindingEntity> settled = FindingEntity.list("(status = ?1 or deadline < ?2 and extensionDeadline is null) and id not in "
                + "(select a.findingId from AdjustmentEntity a where a.findingId is not null)", FindingStatus.CLOSED, today);
        Map<UUID, InspectionEntity> inspections = new HashMap<>();
        for (FindingEntity f : settled) {
            deductions.apply(f, inspection(inspections, f.inspectionId), today);
        }
    }
}

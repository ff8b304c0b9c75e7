package kaoping.supervision;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import io.quarkus.hibernate.orm.panache.Panache;
import kaoping.api.model.FindingStatus;
import kaoping.api.model.PlanStatus;
import kaoping.persistence.Occurrence;
import kaoping.plan.PlanEntity;

/**
 * A finding's deduction (扣分), applied to its plan's score as a DEDUCTION adjustment once its outcome is settled:
 * closed (销号), or past its deadline (late whatever happens next). The rule is its inspection's: perFinding, plus
 * lateClosure when closed after the deadline or still open past it, plus repeated when it repeats an earlier finding.
 * The adjustments' unique finding_id makes it once, whoever applies it first (the CLOSE step or the job, run any
 * number of times); the plan's deductionCap caps it with the plan's other deductions. A closed plan's score no
 * longer changes: nothing is applied to it.
 */
@ApplicationScoped
public class Deductions {
    private final Event<Occurrence> occurred;
    private final Clock clock;

    public Deductions(Event<Occurrence> occurred, Clock clock) {
        this.occurred = occurred;
        this.clock = clock;
    }

    static boolean settled(FindingEntity f, LocalDate today) {
        // an extension asked in time and not yet decided may move the deadline: nothing is late until it is decided
        return f.status == FindingStatus.CLOSED || Deadlines.overdue(f, today) && !f.extensionPending();
    }

    static BigDecimal points(FindingEntity f, InspectionEntity rule, LocalDate today) {
        BigDecimal points = rule.perFinding;
        if (Deadlines.daysOverdue(f, today) > 0) {
            points = points.add(rule.lateClosure);
        }
        if (f.repeatOf != null) {
            points = points.add(rule.repeated);
        }
        return points;
    }

    /** Applies the finding's deduction if it is settled and not yet applied. */
    void apply(FindingEntity f, InspectionEntity rule, LocalDate today) {
        BigDecimal points = points(f, rule, today);
        if (!settled(f, today) || points.signum() == 0
                || PlanEntity.<PlanEntity>findById(f.planId).status == PlanStatus.CLOSED) {
            return;
        }
        UUID id = UUID.randomUUID();
        long late = Deadlines.daysOverdue(f, today);
        String reason = truncated("督查发现问题扣分：" + f.title + "（" + rule.title + "，finding " + f.id
                + (late > 0 ? "，逾期" + late + "天" : "") + (f.repeatOf != null ? "，重复发现" : "") + "）");
        int inserted = Panache.getEntityManager().createNativeQuery("""
                insert into adjustments (id, plan_id, kind, points, reason, evidence_ids, created_by, created_at, finding_id)
                values (?1, ?2, 'DEDUCTION', ?3, ?4, '[]', 'system', ?5, ?6) on conflict (finding_id) do nothing""")
                .setParameter(1, id).setParameter(2, f.planId).setParameter(3, points).setParameter(4, reason)
                .setParameter(5, OffsetDateTime.now(clock)).setParameter(6, f.id).executeUpdate();
        if (inserted == 1) {
            occurred.fire(new Occurrence("kaoping.adjustment.created", f.unitId, f.planId,
                    "plans/" + f.planId + "/adjustments/" + id, null,
                    Map.of("kind", "DEDUCTION", "reason", reason, "points", points, "findingId", f.id.toString())));
        }
    }

    private static String truncated(String reason) {
        return reason.length() <= 1000 ? reason : reason.substring(0, 999) + "…";
    }
}

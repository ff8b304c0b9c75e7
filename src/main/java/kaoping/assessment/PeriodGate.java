package kaoping.assessment;

import java.time.LocalDate;
import java.util.UUID;

import kaoping.plan.PlanEntity;

/**
 * Which reporting period a progress report belongs to, and whether that period still takes reports. Owned here and
 * implemented by the reporting feature, which comes later in the house (it reads the reports to tell who is late).
 */
public interface PeriodGate {
    /** The period a report is filed under; none when the plan defines no periods or none holds the report. */
    record Period(UUID id, String code) {
    }

    /**
     * The period of a report on this target: the one named by {@code code}, or else the one whose span holds
     * {@code reportedOn}. A code the plan does not have is 422; a period past its lock date 409 unless unlocked.
     */
    Period admit(PlanEntity plan, UUID indicatorId, String code, LocalDate reportedOn);
}

package kaoping.supervision;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import kaoping.api.model.FindingStatus;
import kaoping.api.model.WarningLevel;
import kaoping.persistence.Filter;

/**
 * Overdue and warning levels, computed from the deadline and the day it is in Asia/Shanghai, never stored: a deadline
 * is the last day, so 06-30 is overdue from 07-01T00:00+08:00. An open finding is YELLOW from {@code yellowDays}
 * before its deadline, RED once more than {@code redAfterDays} past it; a closed one has no warning.
 */
@ApplicationScoped
public class Deadlines {
    private final int yellowDays;
    private final int redAfterDays;

    public Deadlines(@ConfigProperty(name = "kaoping.findings.yellow-days") int yellowDays,
                     @ConfigProperty(name = "kaoping.findings.red-after-days") int redAfterDays) {
        this.yellowDays = yellowDays;
        this.redAfterDays = redAfterDays;
    }

    static boolean overdue(FindingEntity f, LocalDate today) {
        return f.status != FindingStatus.CLOSED && today.isAfter(f.deadline);
    }

    /** Days past the deadline: as of today while open, at closing once closed. */
    static long daysOverdue(FindingEntity f, LocalDate today) {
        LocalDate end = f.status == FindingStatus.CLOSED ? f.closedOn : today;
        return Math.max(0, ChronoUnit.DAYS.between(f.deadline, end));
    }

    static long daysLeft(FindingEntity f, LocalDate today) {
        return f.status == FindingStatus.CLOSED ? 0 : ChronoUnit.DAYS.between(today, f.deadline);
    }

    WarningLevel level(FindingEntity f, LocalDate today) {
        if (f.status == FindingStatus.CLOSED) {
            return WarningLevel.NONE;
        }
        long left = ChronoUnit.DAYS.between(today, f.deadline);
        return left < -redAfterDays ? WarningLevel.RED : left <= yellowDays ? WarningLevel.YELLOW : WarningLevel.NONE;
    }

    /** The open findings that may carry a warning today: those whose deadline is at most {@code yellowDays} away. */
    LocalDate warnedUpTo(LocalDate today) {
        return today.plusDays(yellowDays);
    }

    /** The list's {@code warning} and {@code overdue} filters, as conditions on status and deadline. */
    Filter filter(Filter filter, WarningLevel warning, Boolean overdue, LocalDate today) {
        LocalDate redBefore = today.minusDays(redAfterDays);
        if (warning == WarningLevel.RED) {
            filter.where("status <> :closed and deadline < :redBefore", "closed", FindingStatus.CLOSED, "redBefore", redBefore);
        } else if (warning == WarningLevel.YELLOW) {
            filter.where("status <> :closed and deadline >= :redBefore and deadline <= :yellowUpTo", "closed",
                    FindingStatus.CLOSED, "redBefore", redBefore, "yellowUpTo", warnedUpTo(today));
        } else if (warning == WarningLevel.NONE) {
            filter.where("(status = :closed or deadline > :yellowUpTo)", "closed", FindingStatus.CLOSED,
                    "yellowUpTo", warnedUpTo(today));
        }
        if (overdue != null) {
            filter.where((overdue ? "" : "not ") + "(status <> :closed and deadline < :today)", "closed",
                    FindingStatus.CLOSED, "today", today);
        }
        return filter;
    }
}

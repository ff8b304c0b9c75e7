package kaoping.reporting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Working days as the State Council's yearly notice sets them: Monday to Friday, except the public holidays, plus the
 * weekend days worked in exchange (调休). Both lists are configured, so next year's notice is a configuration change.
 */
@ApplicationScoped
public class WorkingCalendar {
    private final Set<LocalDate> holidays;
    private final Set<LocalDate> workedWeekendDays;

    public WorkingCalendar(@ConfigProperty(name = "kaoping.calendar.holidays") Optional<List<LocalDate>> holidays,
                           @ConfigProperty(name = "kaoping.calendar.working-weekend-days")
                           Optional<List<LocalDate>> workedWeekendDays) {
        this.holidays = Set.copyOf(holidays.orElse(List.of()));
        this.workedWeekendDays = Set.copyOf(workedWeekendDays.orElse(List.of()));
    }

    public boolean working(LocalDate day) {
        if (workedWeekendDays.contains(day)) {
            return true;
        }
        DayOfWeek d = day.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /** The n-th working day after {@code day} (the day itself when n is 0). */
    public LocalDate workingDaysAfter(LocalDate day, int n) {
        LocalDate d = day;
        for (int left = n; left > 0; ) {
            d = d.plusDays(1);
            if (working(d)) {
                left--;
            }
        }
        return d;
    }
}

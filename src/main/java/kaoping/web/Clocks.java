package kaoping.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.Arc;

/** The one clock logic reads time from, so that tests can give their own. */
public class Clocks {
    /** The offices' zone: deadlines are days in China (a report due 03-31 is late from 04-01T00:00+08:00). */
    public static final ZoneId OFFICES = ZoneId.of("Asia/Shanghai");

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The same clock for code CDI does not build, such as an entity's lifecycle callbacks. */
    public static Clock current() {
        return Arc.container().instance(Clock.class).get();
    }

    /** The day it is in the offices' zone, whatever the clock's own zone. */
    public static LocalDate today(Clock clock) {
        return LocalDate.ofInstant(clock.instant(), OFFICES);
    }
}

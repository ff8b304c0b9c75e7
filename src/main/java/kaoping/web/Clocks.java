package kaoping.web;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.Arc;

/** The one clock logic reads time from, so that tests can give their own. */
public class Clocks {
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The same clock for code CDI does not build, such as an entity's lifecycle callbacks. */
    public static Clock current() {
        return Arc.container().instance(Clock.class).get();
    }
}

package kaoping.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/** The application's clock in tests: the system's, until a test stops it to move time itself (no waiting). */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {
    private volatile Instant stopped;

    /** Time stands still from now on, until {@link #advance} or {@link #resume}. */
    public TestClock stop() {
        stopped = Instant.now();
        return this;
    }

    /** Time stands still at this instant (RFC 3339, e.g. 2026-03-31T23:59:59+08:00). */
    public void stopAt(String time) {
        stopped = java.time.OffsetDateTime.parse(time).toInstant();
    }

    public void advance(Duration duration) {
        stopped = stopped.plus(duration);
    }

    public void resume() {
        stopped = null;
    }

    @Override
    public Instant instant() {
        Instant now = stopped;
        return now == null ? Instant.now() : now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}

package kaoping.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import kaoping.support.TestClock;

/** The throttle's buckets, with a clock the test moves: no waiting. */
class LoginThrottleTest {
    private final TestClock clock = new TestClock().stop();
    private final LoginThrottle throttle = new LoginThrottle(clock, 3, Duration.ofSeconds(2), 5, Duration.ofSeconds(10));

    @Test
    void anAddressFailsABurstThenOneMorePerRefillInterval() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), throttle.refusal("10.0.0.1", "kp_aaa" + i, () -> false));
            throttle.failed("10.0.0.1", "kp_aaa" + i);
        }
        assertEquals(Optional.of(Duration.ofSeconds(2)), throttle.refusal("10.0.0.1", "kp_bbbb", () -> false));
        assertEquals(Optional.empty(), throttle.refusal("10.0.0.2", "kp_bbbb", () -> false), "another address is free");
        clock.advance(Duration.ofMillis(1500));
        assertEquals(Optional.of(Duration.ofMillis(500)), throttle.refusal("10.0.0.1", "kp_bbbb", () -> false));
        clock.advance(Duration.ofMillis(500));
        assertEquals(Optional.empty(), throttle.refusal("10.0.0.1", "kp_bbbb", () -> false), "one token came back");
        throttle.failed("10.0.0.1", "kp_bbbb");
        assertTrue(throttle.refusal("10.0.0.1", "kp_cccc", () -> false).isPresent());
    }

    @Test
    void aThrottledAddressStillChecksTheKeysOfActivePrefixes() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.3", "kp_ddd" + i);
        }
        assertTrue(throttle.refusal("10.0.0.3", "kp_eeee", () -> false).isPresent());
        assertEquals(Optional.empty(), throttle.refusal("10.0.0.3", "kp_eeee", () -> true), "a colleague's key is checked");
    }

    @Test
    void aPrefixOverItsLimitWaitsFromEveryAddressAndOtherPrefixesDoNot() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.1." + i, "kp_ffff");
        }
        assertEquals(Optional.of(Duration.ofSeconds(10)), throttle.refusal("10.0.2.1", "kp_ffff", () -> true));
        assertEquals(Optional.empty(), throttle.refusal("10.0.1.0", "kp_gggg", () -> true));
        clock.advance(Duration.ofSeconds(10));
        assertEquals(Optional.empty(), throttle.refusal("10.0.2.1", "kp_ffff", () -> true));
    }

    @Test
    void tokenFailuresCountAgainstTheirAddress() {
        assertTrue(throttle.tryFailure("10.0.3.1"));
        assertTrue(throttle.tryFailure("10.0.3.1"));
        assertTrue(throttle.tryFailure("10.0.3.1"));
        assertEquals(false, throttle.tryFailure("10.0.3.1"));
        clock.advance(Duration.ofSeconds(2));
        assertTrue(throttle.tryFailure("10.0.3.1"));
    }

    @Test
    void memoryStaysBoundedUnderManyAddresses() {
        for (int i = 0; i < LoginThrottle.MAX_TRACKED + 10; i++) {
            for (int j = 0; j < 3; j++) {
                throttle.failed("addr-" + i, "kp_hhhh");
            }
        }
        // the oldest were forgotten (a full bucket again), the newest are still throttled
        assertEquals(Optional.empty(), throttle.refusal("addr-0", "kp_iiii", () -> false));
        assertTrue(throttle.refusal("addr-" + (LoginThrottle.MAX_TRACKED + 9), "kp_iiii", () -> false).isPresent());
    }
}

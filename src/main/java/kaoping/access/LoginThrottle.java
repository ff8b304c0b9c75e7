package kaoping.access;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Limits failed API key logins, per client address and per presented key prefix, with token buckets: a burst of
 * failures, then one more per refill interval. Only failures take tokens, and a valid key is never refused for
 * someone else's failures: when an address is over its limit (an office behind one NAT address), a key whose
 * prefix is an active key's is still checked, so colleagues keep working while a guesser, who does not know the
 * prefixes, is refused unchecked; the keys named by a prefix over its limit wait, which is only the key under
 * attack. The buckets live in this replica's memory (bounded; the least recently used are forgotten), so each
 * replica counts alone.
 */
@ApplicationScoped
public class LoginThrottle {
    /** Buckets kept per kind: beyond it the least recently failed are forgotten, so memory stays bounded. */
    static final int MAX_TRACKED = 10_000;
    private final Clock clock;
    private final Buckets addresses;
    private final Buckets prefixes;

    @Inject
    LoginThrottle(Clock clock,
                  @ConfigProperty(name = "kaoping.login.address-burst") int addressBurst,
                  @ConfigProperty(name = "kaoping.login.address-refill") Duration addressRefill,
                  @ConfigProperty(name = "kaoping.login.prefix-burst") int prefixBurst,
                  @ConfigProperty(name = "kaoping.login.prefix-refill") Duration prefixRefill) {
        this.clock = clock;
        this.addresses = new Buckets(addressBurst, addressRefill);
        this.prefixes = new Buckets(prefixBurst, prefixRefill);
    }

    /**
     * How long a login with a key of this prefix from this address must wait before it is checked, if it must:
     * while its prefix is over the limit, or its address is and the prefix is no active key's.
     */
    public Optional<Duration> refusal(String address, String prefix, BooleanSupplier activePrefix) {
        Instant now = clock.instant();
        Duration wait = prefixes.wait(prefix, now);
        if (wait.isZero()) {
            wait = addresses.wait(address, now);
            if (!wait.isZero() && activePrefix.getAsBoolean()) {
                wait = Duration.ZERO;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /** A key that was checked and is not valid: it takes a token from its address and its prefix. */
    public void failed(String address, String prefix) {
        Instant now = clock.instant();
        addresses.take(address, now);
        prefixes.take(prefix, now);
    }

    /** Whether this address still has failures left before it is throttled (taking one if so). */
    public boolean tryFailure(String address) {
        Instant now = clock.instant();
        if (!addresses.wait(address, now).isZero()) {
            return false;
        }
        addresses.take(address, now);
        return true;
    }

    /** Token buckets by name; a name not seen (or forgotten) has a full one. */
    static final class Buckets {
        private final int burst;
        private final Duration refill;
        private final Map<String, Bucket> byName = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > MAX_TRACKED;
            }
        };

        Buckets(int burst, Duration refill) {
            this.burst = burst;
            this.refill = refill;
        }

        /** Zero if a token is there, otherwise the time until the next one. */
        synchronized Duration wait(String name, Instant now) {
            Bucket bucket = byName.get(name);
            if (bucket == null) {
                return Duration.ZERO;
            }
            double tokens = bucket.tokens(now, burst, refill);
            return tokens >= 1 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil((1 - tokens) * refill.toNanos()));
        }

        synchronized void take(String name, Instant now) {
            Bucket bucket = byName.computeIfAbsent(name, n -> new Bucket(burst, now));
            bucket.tokens = Math.max(0, bucket.tokens(now, burst, refill) - 1);
            bucket.at = now;
        }
    }

    private static final class Bucket {
        double tokens;
        Instant at;

        Bucket(double tokens, Instant at) {
            this.tokens = tokens;
            this.at = at;
        }

        double tokens(Instant now, int burst, Duration refill) {
            double refilled = (double) Duration.between(at, now).toNanos() / refill.toNanos();
            return Math.min(burst, tokens + Math.max(0, refilled));
        }
    }
}

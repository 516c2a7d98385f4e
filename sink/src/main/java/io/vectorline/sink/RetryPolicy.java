package io.vectorline.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff with jitter for transient database failures: attempt n waits about
 * {@code initial * 2^(n-1)}, at most {@code max}, spread by ±{@code jitter} so that many writers
 * cut off together do not come back together.
 *
 * @param maxAttempts tries in all, the first included; 1 means no retry
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double jitter)
        implements Serializable {

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, got " + maxAttempts);
        }
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initial backoff <= max backoff, got " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(10), 0.2);
    }

    /** How long to wait after failed attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt, RandomGenerator random) {
        double exponential = initialBackoff.toMillis() * Math.pow(2, Math.min(attempt - 1, 30));
        double capped = Math.min(exponential, maxBackoff.toMillis());
        double spread = capped * jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
    }
}

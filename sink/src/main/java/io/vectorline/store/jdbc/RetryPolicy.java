package io.vectorline.store.jdbc;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How transient database failures are waited out: capped exponential backoff with jitter, attempt
 * n waiting about {@code initial * 2^(n-1)}, at most {@code max}, spread by ±{@code jitter} so
 * that many writers cut off together do not come back together; for as long as the
 * {@code outageBudget}, after which the failure stands. The cap bounds how long the job sleeps
 * on after the database is back.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, double jitter, Duration outageBudget)
        implements Serializable {
    public static final Duration DEFAULT_OUTAGE_BUDGET = Duration.ofMinutes(10);

    public RetryPolicy {
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(outageBudget, "outageBudget");
        if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 <= initial backoff <= max backoff, got " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        if (outageBudget.isNegative()) {
            throw new IllegalArgumentException("outage budget must not be negative, got " + outageBudget);
        }
    }

    public static RetryPolicy defaults() {
        return withOutageBudget(DEFAULT_OUTAGE_BUDGET);
    }

    /** The default backoff, waiting out outages of up to {@code outageBudget}. */
    public static RetryPolicy withOutageBudget(Duration outageBudget) {
        return new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(3), 0.2, outageBudget);
    }

    /** How long to wait after failed attempt {@code attempt} (1-based). */
    public Duration backoff(int attempt, RandomGenerator random) {
        double exponential = initialBackoff.toMillis() * Math.pow(2, Math.min(attempt - 1, 30));
        double capped = Math.min(exponential, maxBackoff.toMillis());
        double spread = capped * jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.max(0, Math.round(capped + spread)));
    }
}

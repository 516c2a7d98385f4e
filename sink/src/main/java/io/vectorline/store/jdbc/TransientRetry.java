package io.vectorline.store.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry loop of database work: transient failures ({@link SqlFailure#TRANSIENT}) are
 * retried with the policy's backoff until its outage budget is spent, so a database restart or an
 * outage is a pause that holds the job's input, not a failure that restarts the job. Logs the
 * start of an outage, every half minute of it, and the recovery.
 */
public final class TransientRetry {
    private static final Logger LOG = LoggerFactory.getLogger(TransientRetry.class);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(30);

    /** One attempt of the work, on a connection it gets afresh if the last one was dropped. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /** Cleans up after a failed attempt, e.g. drops a connection that may be broken. */
    @FunctionalInterface
    public interface AfterFailure {
        void accept(SQLException failure, SqlFailure kind);
    }

    private final RetryPolicy policy;
    private final RandomGenerator random = new SplittableRandom();

    public TransientRetry(RetryPolicy policy) {
        this.policy = policy;
    }

    /** Runs {@code attempt} until it succeeds, fails for good, or an outage outlasts the budget. */
    public <T> T run(String what, Attempt<T> attempt, AfterFailure afterFailure) throws SQLException {
        long outageStart = 0;
        long nextReport = 0;
        for (int attempts = 1; ; attempts++) {
            try {
                T result = attempt.run();
                if (attempts > 1) {
                    LOG.info("{}: the database answers again; recovered after {} and {} attempts", what,
                            since(outageStart), attempts);
                }
                return result;
            } catch (SQLException e) {
                SqlFailure kind = SqlFailure.classify(e);
                afterFailure.accept(e, kind);
                long now = System.nanoTime();
                if (kind == SqlFailure.TRANSIENT && attempts == 1) {
                    outageStart = now;
                    nextReport = now + REPORT_EVERY.toNanos();
                    LOG.warn("{} failed (SQLSTATE {}): {}; waiting for the database, for up to {}", what,
                            e.getSQLState(), e.getMessage(), policy.outageBudget());
                }
                if (kind != SqlFailure.TRANSIENT || now - outageStart > policy.outageBudget().toNanos()) {
                    String outage = kind == SqlFailure.TRANSIENT ? ", for " + since(outageStart)
                            + ", past the outage budget of " + policy.outageBudget() : "";
                    throw new SQLException(what + " failed (" + kind + ", attempt " + attempts + outage
                            + "): " + e.getMessage(), e.getSQLState(), e);
                }
                if (now - nextReport >= 0) {
                    nextReport = now + REPORT_EVERY.toNanos();
                    LOG.warn("{}: still waiting for the database after {} and {} attempts (SQLSTATE {}): {}", what,
                            since(outageStart), attempts, e.getSQLState(), e.getMessage());
                }
                pause(policy.backoff(attempts, random));
            }
        }
    }

    private static Duration since(long start) {
        return Duration.ofMillis(Duration.ofNanos(System.nanoTime() - start).toMillis());
    }

    private static void pause(Duration backoff) throws SQLException {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry", e);
        }
    }
}

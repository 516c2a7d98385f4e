package io.vectorline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransientRetryTest {
    private static final RetryPolicy FAST = new RetryPolicy(Duration.ofMillis(5), Duration.ofMillis(20), 0,
            Duration.ofMillis(400));

    private final List<SqlFailure> cleanedUp = new ArrayList<>();

    @Test
    void waitsOutTransientFailuresAndReturnsWhatTheAttemptReturns() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        String result = new TransientRetry(FAST).run("test work", () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new SQLException("the server is starting", "57P03");
            }
            return "done";
        }, (failure, kind) -> cleanedUp.add(kind));
        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(4);
        assertThat(cleanedUp).containsExactly(SqlFailure.TRANSIENT, SqlFailure.TRANSIENT, SqlFailure.TRANSIENT);
    }

    @Test
    void aDataErrorFailsAtOnceKeepingItsState() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> new TransientRetry(FAST).run("test work", () -> {
            attempts.incrementAndGet();
            throw new SQLException("check constraint", "23514");
        }, (failure, kind) -> cleanedUp.add(kind)))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("test work failed (DATA, attempt 1)")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23514"));
        assertThat(attempts).hasValue(1);
        assertThat(cleanedUp).containsExactly(SqlFailure.DATA);
    }

    @Test
    void anOutageLongerThanTheBudgetFailsAfterTheBudget() {
        AtomicInteger attempts = new AtomicInteger();
        long started = System.nanoTime();
        assertThatThrownBy(() -> new TransientRetry(FAST).run("test work", () -> {
            attempts.incrementAndGet();
            throw new SQLException("connection refused", "08001");
        }, (failure, kind) -> cleanedUp.add(kind)))
                .hasMessageContaining("past the outage budget of PT0.4S");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(FAST.outageBudget());
        assertThat(attempts.get()).as("backoff capped at 20 ms keeps trying").isGreaterThan(10);
    }
}

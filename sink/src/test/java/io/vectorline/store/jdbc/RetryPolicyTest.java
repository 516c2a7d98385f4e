package io.vectorline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void backsOffExponentiallyUpToTheCap() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 0, Duration.ofMinutes(1));
        SplittableRandom random = new SplittableRandom(1);
        assertThat(policy.backoff(1, random)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.backoff(2, random)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.backoff(4, random)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.backoff(5, random)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(60, random)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void jitterStaysWithinItsShare() {
        RetryPolicy policy = new RetryPolicy(Duration.ofMillis(1000), Duration.ofSeconds(1), 0.2, Duration.ofMinutes(1));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000; i++) {
            assertThat(policy.backoff(3, random).toMillis()).isBetween(800L, 1200L);
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(1), 0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ZERO, 1.0, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

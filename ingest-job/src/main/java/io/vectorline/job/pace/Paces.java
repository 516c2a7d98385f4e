package io.vectorline.job.pace;

import java.util.concurrent.ExecutionException;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;

/** Flink's rate limiter as the pacing operators use it: a global rate shared by the subtasks, awaited on the task thread. */
public final class Paces {
    private Paces() {}

    /** This subtask's share of {@code perSecond} across {@code subtasks}. */
    public static RateLimiter<?> limiter(double perSecond, int subtasks) {
        return RateLimiterStrategy.perSecond(perSecond).createRateLimiter(subtasks);
    }

    /** Blocks until {@code permits} are granted; a larger grant is paid for by the next wait, so bursts stay within one grant. */
    public static void await(RateLimiter<?> limiter, int permits) throws InterruptedException, ExecutionException {
        if (permits > 0) {
            limiter.acquire(permits).toCompletableFuture().get();
        }
    }
}

package io.vectorline.job.deadletter;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Logs at most one line per interval; the lines it drops are counted and the next line it writes
 * says how many, so a flood of bad records cannot flood the log and none goes unmentioned.
 */
final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private long nextAllowed = Long.MIN_VALUE;
    private long suppressed;

    ThrottledLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    void warn(Supplier<String> message) {
        long now = System.nanoTime();
        if (nextAllowed != Long.MIN_VALUE && now - nextAllowed < 0) {
            suppressed++;
            return;
        }
        nextAllowed = now + intervalNanos;
        if (suppressed > 0) {
            log.warn("{} (and {} more like it not logged)", message.get(), suppressed);
            suppressed = 0;
        } else {
            log.warn(message.get());
        }
    }
}

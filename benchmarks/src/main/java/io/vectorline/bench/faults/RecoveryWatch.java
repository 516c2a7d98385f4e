package io.vectorline.bench.faults;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Watches the job after a fault until it has recovered: every subtask RUNNING in an attempt that
 * started after the last failover, and a document written after the fault was over, both holding
 * for longer than the JobManager's REST cache lives, so a late failover is not missed.
 */
final class RecoveryWatch {
    private static final Duration TICK = Duration.ofMillis(200);
    private static final Duration REST_EVERY = Duration.ofSeconds(1);
    private static final Duration HOLD = Duration.ofSeconds(5);
    /**
     * The JobManager notices a killed TaskManager within about 20 s (two missed heartbeats), often
     * at once through a task that lost its connection; without a failover by then there is none.
     */
    private static final Duration FAILOVER_NOTICED_WITHIN = Duration.ofSeconds(60);

    /**
     * @param toRunning from the injection until the last subtask ran again; empty when no subtask
     *     left RUNNING
     * @param toFirstWrite from the end of the fault until a new write was seen
     */
    record Recovery(Instant recovered, Optional<Duration> toRunning, Duration toFirstWrite) {}

    private final WatchedJob job;
    private final Duration timeout;

    RecoveryWatch(WatchedJob job, Duration timeout) {
        this.job = job;
        this.timeout = timeout;
    }

    Recovery await(Fault fault, FaultInjector.Window window) throws InterruptedException {
        Instant deadline = window.over().plus(timeout);
        Instant firstWrite = null;
        Optional<Instant> runningSince = Optional.empty();
        Instant holding = null;
        Instant nextRest = Instant.MIN;
        while (true) {
            Instant now = Instant.now();
            if (firstWrite == null && job.writtenAfter(window.over())) {
                firstWrite = now;
            }
            if (!now.isBefore(nextRest)) {
                nextRest = now.plus(REST_EVERY);
                runningSince = recoveredSince(fault, window, now);
            }
            if (runningSince.isPresent() && firstWrite != null) {
                holding = holding == null ? now : holding;
                if (Duration.between(holding, now).compareTo(HOLD) >= 0) {
                    Instant since = runningSince.get();
                    return new Recovery(now, since.isAfter(window.injected())
                            ? Optional.of(Duration.between(window.injected(), since)) : Optional.empty(),
                            Duration.between(window.over(), firstWrite));
                }
            } else {
                holding = null;
            }
            if (now.isAfter(deadline)) {
                throw new IllegalStateException("not recovered " + timeout.toSeconds() + " s after the fault was over: "
                        + (runningSince.isEmpty() ? "not every subtask is RUNNING again" : "nothing was written"));
            }
            Thread.sleep(TICK.toMillis());
        }
    }

    /** Since when every subtask runs, once the job has recovered from the fault; empty until then. */
    private Optional<Instant> recoveredSince(Fault fault, FaultInjector.Window window, Instant now)
            throws InterruptedException {
        try {
            FlinkRest.Job status = job.status();
            if (status.terminal()) {
                throw new IllegalStateException("the job is " + status.state());
            }
            if (!status.allRunning()) {
                return Optional.empty();
            }
            List<Instant> failovers = job.failures().between(window.injected(), Instant.MAX);
            if (fault.kind() == Fault.Kind.TASK_MANAGER_KILL && failovers.isEmpty()
                    && now.isBefore(window.over().plus(FAILOVER_NOTICED_WITHIN))) {
                return Optional.empty();
            }
            Optional<Instant> since = job.runningSince(status);
            if (since.isPresent() && !failovers.isEmpty() && !since.get().isAfter(failovers.get(failovers.size() - 1))) {
                return Optional.empty();
            }
            return since;
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

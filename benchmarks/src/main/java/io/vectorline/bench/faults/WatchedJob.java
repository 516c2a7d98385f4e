package io.vectorline.bench.faults;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The job of one run as the harness sees it: through the JobManager's REST API and in its
 * database, either of which may not answer while a fault lasts.
 */
record WatchedJob(FlinkRest rest, String id, StoredState stored) {
    private static final Duration STARTS = Duration.ofMinutes(3);
    private static final Duration WRITES_START = Duration.ofMinutes(3);
    private static final Duration FINAL_STATE = Duration.ofMinutes(20);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration STATE_POLL = Duration.ofSeconds(2);

    FlinkRest.Job status() throws IOException, InterruptedException {
        return rest.job(id);
    }

    FlinkRest.Failures failures() throws IOException, InterruptedException {
        return rest.failures(id);
    }

    Optional<Instant> runningSince(FlinkRest.Job status) throws IOException, InterruptedException {
        return rest.runningSince(id, status);
    }

    boolean writtenAfter(Instant since) {
        return stored.writtenAfter(since);
    }

    void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + STARTS.toNanos();
        while (true) {
            try {
                FlinkRest.Job status = status();
                if (status.allRunning()) {
                    return;
                }
                if (status.terminal()) {
                    throw new IllegalStateException("the job is " + status.state() + " before it ran");
                }
            } catch (IOException e) {
                // not known to the JobManager yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the job is not RUNNING " + STARTS.toMinutes()
                        + " min after its submission");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Waits until the job writes what was published at {@code since}: then a fault meets work in flight. */
    void awaitWrite(Instant since) throws InterruptedException {
        long deadline = System.nanoTime() + WRITES_START.toNanos();
        while (!writtenAfter(since)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("nothing written " + WRITES_START.toMinutes() + " min after publishing");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /** The last check: matching, or not matching after {@link #FINAL_STATE}. */
    StoredState.CorpusCheck awaitCorpus(Map<DocRef, ExpectedState.Stored> expected) throws InterruptedException {
        long deadline = System.nanoTime() + FINAL_STATE.toNanos();
        StoredState.CorpusCheck check = null;
        while (System.nanoTime() < deadline) {
            try {
                check = stored.check(expected);
                if (check.matches()) {
                    return check;
                }
                if (status().terminal()) {
                    throw new IllegalStateException("the job ended before the final state: " + check.summary());
                }
            } catch (SQLException | IOException e) {
                // the database or the JobManager answers again on the next poll
            }
            Thread.sleep(STATE_POLL.toMillis());
        }
        if (check == null) {
            throw new IllegalStateException("the database could not be read for " + FINAL_STATE.toMinutes() + " min");
        }
        return check;
    }
}

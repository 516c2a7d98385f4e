package io.vectorline.bench.faults;

import io.vectorline.bench.faults.FlinkCluster.TaskManager;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * One run of the job on a fresh Flink cluster, database and topic, the corpus published slice by
 * slice. With faults, each is injected once the job writes the first three quarters of its slice
 * and is followed by the rest, so there is work in flight during the fault and new work after it;
 * the next slice waits until the job has recovered.
 */
final class FaultRun {
    private static final Duration DEAD_LETTERS = Duration.ofMinutes(3);
    private static final Duration LOG_MARGIN = Duration.ofSeconds(2);

    record Settings(String adminJdbcUrl, String bootstrapServers, Path jobJar, List<String> jobOptions,
            int taskManagers, int topicPartitions, Duration checkpointInterval, Duration recoveryTimeout) {}

    /** A fault the job recovered from, before its failovers are counted. */
    private record Observed(Fault fault, FaultInjector.Window window, RecoveryWatch.Recovery recovery, String rss) {}

    private final Settings settings;
    private final FlinkCluster flink;
    private final FaultInjector injector;
    private final FaultCorpus corpus;

    FaultRun(Settings settings, FlinkCluster flink, FaultInjector injector, FaultCorpus corpus) {
        this.settings = settings;
        this.flink = flink;
        this.injector = injector;
        this.corpus = corpus;
    }

    /** {@code logCopy}: where the run's Flink logs are copied, or null to leave them. */
    RunResult run(String name, List<Fault> faults, Path logCopy) throws Exception {
        Instant started = Instant.now();
        log("%s: starting a fresh Flink cluster", name);
        flink.stop();
        flink.start(settings.taskManagers());
        String database = "vl_faults_" + name;
        String jdbcUrl = Databases.recreate(settings.adminJdbcUrl(), database);
        String topic = "vl-faults-" + name.replace('_', '-') + "-" + started.toEpochMilli();
        EventPublisher publisher = new EventPublisher(settings.bootstrapServers(), topic);
        publisher.createTopic(settings.topicPartitions());
        String jobId = flink.submit(settings.jobJar(), jobArgs(jdbcUrl, topic));
        FlinkRest rest = new FlinkRest(flink.restUrl());
        log("%s: job %s reads %s and writes database %s", name, jobId, topic, database);

        List<Observed> observed = new ArrayList<>();
        List<EventPublisher.Published> poison = new ArrayList<>();
        StoredState.CorpusCheck check = null;
        DeadLetterTally.Outcome letters = null;
        OptionalLong numRestarts = OptionalLong.empty();
        FlinkRest.Failures failures = null;
        String aborted = null;
        try (StoredState stored = new StoredState(jdbcUrl)) {
            WatchedJob job = new WatchedJob(rest, jobId, stored);
            job.awaitRunning();
            RecoveryWatch watch = new RecoveryWatch(job, settings.recoveryTimeout());
            List<List<CorpusRecord>> slices = corpus.slices();
            for (int i = 0; i < slices.size(); i++) {
                List<CorpusRecord> slice = slices.get(i);
                if (i >= faults.size()) {
                    poison.addAll(publisher.publish(slice));
                    continue;
                }
                Observed o = faultDuring(slice, faults.get(i), i + 1, publisher, job, watch, poison);
                observed.add(o);
                log("%s: recovered, all RUNNING %s after the injection, first write %.1f s after the fault was over",
                        name, o.recovery().toRunning().map(d -> String.format("%.1f s", d.toMillis() / 1e3))
                                .orElse("(never left RUNNING)"), o.recovery().toFirstWrite().toMillis() / 1e3);
            }
            log("%s: all %d slices published; waiting for the final state", name, slices.size());
            check = job.awaitCorpus(ExpectedState.of(corpus.records()));
            log("%s: %s", name, check.summary());
            try (DeadLetterTally tally = new DeadLetterTally(settings.bootstrapServers(), publisher.deadLetterTopic(),
                    topic)) {
                letters = tally.await(poison, DEAD_LETTERS, settings.checkpointInterval().multipliedBy(3).plusSeconds(5));
            }
            numRestarts = rest.numRestarts(jobId);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            aborted = e.getMessage() == null ? e.toString() : e.getMessage();
            log("%s: aborted: %s", name, aborted);
        } finally {
            failures = failures(rest, jobId);
            cancel(jobId);
        }
        LogExcerpts logs = logCopy == null ? null : LogExcerpts.copy(flink.logDir(), logCopy, started.minusSeconds(1));
        List<FaultOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < observed.size(); i++) {
            Observed o = observed.get(i);
            Instant until = i + 1 < observed.size() ? observed.get(i + 1).window().injected() : Instant.MAX;
            int restarts = failures == null ? -1 : failures.between(o.window().injected(), until).size();
            List<String> lines = logs == null ? List.of()
                    : logs.between(o.window().injected().minus(LOG_MARGIN), o.recovery().recovered().plus(LOG_MARGIN));
            outcomes.add(new FaultOutcome(o.fault(), o.window(), o.recovery(), o.rss(), restarts, lines));
        }
        return new RunResult(name, topic, database, jdbcUrl, outcomes, check, letters, numRestarts, failures, aborted,
                Duration.between(started, Instant.now()), logCopy);
    }

    /**
     * Publishes the first three quarters of {@code slice}, injects {@code fault} once the job writes
     * them, publishes the rest as soon as the fault is over, and waits for the job to recover.
     */
    private Observed faultDuring(List<CorpusRecord> slice, Fault fault, int number, EventPublisher publisher,
            WatchedJob job, RecoveryWatch watch, List<EventPublisher.Published> poison) throws Exception {
        int cut = slice.size() * 3 / 4;
        Instant publishing = Instant.now();
        poison.addAll(publisher.publish(slice.subList(0, cut)));
        job.awaitWrite(publishing);
        log("fault %d: %s", number, fault.label());
        try {
            FaultInjector.Window window = injector.inject(fault);
            poison.addAll(publisher.publish(slice.subList(cut, slice.size())));
            return new Observed(fault, window, watch.await(fault, window), rss());
        } catch (IOException | ExecutionException | RuntimeException e) {
            throw new IllegalStateException("fault " + number + " (" + fault.label() + "): " + e.getMessage(), e);
        }
    }

    private List<String> jobArgs(String jdbcUrl, String topic) {
        List<String> args = new ArrayList<>(List.of("run",
                "--bootstrap-servers", settings.bootstrapServers(),
                "--jdbc-url", jdbcUrl,
                "--topic", topic,
                "--create-topics",
                "--topic-partitions", Integer.toString(settings.topicPartitions()),
                "--group-id", topic));
        args.addAll(settings.jobOptions());
        return args;
    }

    private String rss() throws IOException, InterruptedException {
        return flink.taskManagers().stream().filter(TaskManager::alive)
                .map(tm -> String.format("TM %d: %,d MiB", tm.index(),
                        Processes.statusKiB(tm.pid(), "VmRSS").orElse(0) >> 10))
                .collect(Collectors.joining(", "));
    }

    private static FlinkRest.Failures failures(FlinkRest rest, String jobId) {
        try {
            return rest.failures(jobId);
        } catch (IOException e) {
            log("cannot read the failovers of job %s: %s", jobId, e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void cancel(String jobId) {
        try {
            flink.cancel(jobId);
        } catch (IOException e) {
            log("cancelling job %s failed: %s", jobId, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String format, Object... args) {
        System.err.printf("faults: " + format + "%n", args);
    }
}

package io.vectorline.bench.faults;

import io.vectorline.bench.faults.CorpusRecord.Kind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The results as markdown: verdict, setup, corpus, one row per fault, then the runs side by side
 * ({@link RunSections}), then the log lines around each fault.
 */
final class FaultsReport {
    /** How the runs were set up, for the reader to repeat them. */
    record Setup(String machine, String command, int taskManagers, List<String> jobOptions, int topicPartitions,
            Duration recoveryTimeout) {}

    private static final int LOG_LINES = 60;

    private final StringBuilder md = new StringBuilder();

    /** {@code faulted} and {@code comparison} may be null: the run before them stopped early. */
    static String markdown(Setup setup, FaultCorpus corpus, List<Fault> planned, RunResult control, RunResult faulted,
            List<StateComparison.Table> comparison, List<Acceptance.Check> checks) {
        FaultsReport report = new FaultsReport();
        report.head(setup, checks);
        report.checks(checks);
        report.corpus(corpus);
        report.faults(planned, faulted, setup.recoveryTimeout());
        RunSections runs = new RunSections(report.md, control, faulted);
        runs.finalState(comparison);
        runs.deadLetters();
        runs.restarts();
        report.logs(faulted);
        return report.md.toString();
    }

    private void head(Setup setup, List<Acceptance.Check> checks) {
        long failed = checks.stream().filter(c -> !c.passed()).count();
        md.append("# Fault injection\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on ").append(setup.machine()).append(".\n\n")
                .append("Command: `").append(setup.command()).append("`\n\n")
                .append(failed == 0 ? "**All " + checks.size() + " checks pass.**"
                        : "**" + failed + " of " + checks.size() + " checks fail.**").append("\n\n")
                .append("The real job (`vectorline run` from `ingest-job/target/vectorline-ingest-job.jar`, submitted"
                        + " with `deploy/local/flink.sh run`) on the standalone cluster of `deploy/local/flink.sh`: a"
                        + " JobManager and ").append(setup.taskManagers()).append(" TaskManager JVMs of 2 slots,"
                        + " region failover. Kafka is `deploy/local/kafka.sh`, PostgreSQL 15 + pgvector"
                        + " `deploy/local/postgres.sh`. Job options: `").append(String.join(" ", setup.jobOptions()))
                .append("`, everything else at the job's defaults. Two runs of the same corpus,"
                        + " published in the same order: a control run without faults, then a faulted run. Each"
                        + " starts a fresh cluster and uses its own database and topic (").append(setup.topicPartitions())
                .append(" partitions, `max.message.bytes` ").append(EventPublisher.MAX_MESSAGE_BYTES >> 20)
                .append(" MiB, created before the job, which creates the dead-letter topic sized from it).\n\n");
    }

    private void checks(List<Acceptance.Check> checks) {
        md.append("## Acceptance\n\n| check | measured | threshold | result |\n|---|---|---|---|\n");
        for (Acceptance.Check c : checks) {
            md.append("| ").append(cell(c.name())).append(" | ").append(cell(c.measured())).append(" | ")
                    .append(cell(c.threshold())).append(" | ").append(c.passed() ? "pass" : "**FAIL**").append(" |\n");
        }
        md.append('\n');
    }

    private void corpus(FaultCorpus corpus) {
        List<CorpusRecord> records = corpus.records();
        long bytes = records.stream().mapToLong(CorpusRecord::bytes).sum();
        int largest = records.stream().mapToInt(CorpusRecord::bytes).max().orElse(0);
        md.append("## Corpus\n\n")
                .append(String.format("Seed %d: %,d documents of generated English prose over %d tenants, %,d records"
                        + " (%.1f MB, the largest %.1f MB) in %d slices. Slice s creates the documents of block s and"
                        + " carries the later events of block s - 1; poison is spread evenly. Expected at the end:"
                        + " %,d documents.%n%n", corpus.seed(), corpus.documents(), corpus.tenants(), records.size(),
                        bytes / 1e6, largest / 1e6, corpus.slices().size(), ExpectedState.of(records).size()))
                .append("| record | count | dead-letter code |\n|---|---|---|\n");
        for (Map.Entry<Kind, Integer> e : corpus.counts().entrySet()) {
            md.append(String.format("| %s | %,d | %s |%n", e.getKey().description, e.getValue(),
                    e.getKey().poison() ? "`" + e.getKey().deadLetterCode + "`" : "—"));
        }
        md.append('\n');
    }

    private void faults(List<Fault> planned, RunResult faulted, Duration recoveryTimeout) {
        md.append("## Faults\n\n")
                .append("Each fault is injected once the job writes the first three quarters of its slice; the rest is"
                        + " published as soon as the fault is over (TaskManager registered again, database or broker"
                        + " accepting connections). *All RUNNING* runs from the injection until the last subtask"
                        + " switched to RUNNING in an attempt started after the last failover (Flink's own task"
                        + " timestamps, `/jobs/<id>/vertices/<id>/subtasktimes`). *First write* runs from the end of"
                        + " the fault until the harness saw a document with a newer `updated_at` (polled every"
                        + " 200 ms). *Restarts* are the failovers in the job's exception history from the injection"
                        + " until the next fault. RSS is each TaskManager's VmRSS once the job had recovered. A fault"
                        + " counts as recovered when both held for 5 s, within ")
                .append(recoveryTimeout.toMinutes()).append(" min.\n\n")
                .append("| # | fault | fault lasted | all RUNNING after | first write after | restarts |"
                        + " TaskManager RSS |\n|---|---|---|---|---|---|---|\n");
        int done = faulted == null ? 0 : faulted.faults().size();
        for (int i = 0; i < planned.size(); i++) {
            if (i < done) {
                FaultOutcome o = faulted.faults().get(i);
                md.append(String.format("| %d | %s | %s | %s | %s | %s | %s |%n", i + 1, o.fault().label(),
                        Acceptance.seconds(Duration.between(o.window().injected(), o.window().over())),
                        o.recovery().toRunning().map(Acceptance::seconds).orElse("never left RUNNING"),
                        Acceptance.seconds(o.recovery().toFirstWrite()), Acceptance.restarts(o.restarts()),
                        o.taskManagerRss()));
            } else {
                md.append(String.format("| %d | %s | not recovered or not reached | | | | |%n", i + 1,
                        planned.get(i).label()));
            }
        }
        md.append('\n');
    }

    private void logs(RunResult faulted) {
        if (faulted == null || faulted.faults().isEmpty()) {
            return;
        }
        md.append("## Log lines around each fault\n\n")
                .append("From the injection until the recovery (± 2 s): the job's own loggers (`io.vectorline`) and"
                        + " Flink's failovers, from the JobManager's and TaskManagers' logs");
        if (faulted.logs() != null) {
            md.append(", copied whole to `").append(faulted.logs()).append('`');
        }
        md.append(".\n\n");
        for (int i = 0; i < faulted.faults().size(); i++) {
            FaultOutcome o = faulted.faults().get(i);
            List<String> lines = o.log().subList(0, Math.min(LOG_LINES, o.log().size()));
            md.append("### ").append(i + 1).append(". ").append(o.fault().label()).append("\n\n```text\n")
                    .append(lines.isEmpty() ? "(no matching lines)" : String.join("\n", lines));
            if (o.log().size() > LOG_LINES) {
                md.append("\n… ").append(o.log().size() - LOG_LINES).append(" more");
            }
            md.append("\n```\n\n");
        }
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}

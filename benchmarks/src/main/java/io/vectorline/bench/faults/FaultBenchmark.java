package io.vectorline.bench.faults;

import io.vectorline.bench.RecordedCommand;
import io.vectorline.bench.embedding.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The job under faults on the local standalone cluster: TaskManagers, the database and the broker
 * killed or stopped while it ingests a seeded corpus with updates, tombstones and poison, against
 * a control run of the same corpus without faults. Measures each recovery and checks the
 * acceptance thresholds; exits 1 when one fails.
 */
@Command(name = "fault-benchmark", mixinStandardHelpOptions = true,
        description = "Fault injection on the real job: recovery times, restarts, final state, dead letters.")
public final class FaultBenchmark implements Callable<Integer> {
    @Option(names = "--reduced", description = "The CI form: 600 documents, one TaskManager kill, one immediate"
            + " restart of PostgreSQL and 20 s without it.")
    boolean reduced;

    @Option(names = "--seed", description = "Corpus seed; the same seed gives the same corpus (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--documents", description = "Documents of the corpus (default: 5000, reduced 600).")
    Integer documents;

    @Option(names = "--tenants", description = "Tenants the documents are spread over (default: ${DEFAULT-VALUE}).")
    int tenants = 20;

    @Option(names = "--poison-copies", description = "Records of each poison kind (default: 2, reduced 1).")
    Integer poisonCopies;

    @Option(names = "--outage-seconds", description = "How long PostgreSQL stays down (default: 120, reduced 20).")
    Integer outageSeconds;

    @Option(names = "--checkpoint-seconds", description = "The job's --checkpoint-interval (default: ${DEFAULT-VALUE}).")
    int checkpointSeconds = 5;

    @Option(names = "--max-body-chars", description = "The job's --max-body-chars; the 3 MB body must exceed it"
            + " (default: ${DEFAULT-VALUE}).")
    int maxBodyChars = 200_000;

    @Option(names = "--parallelism", description = "The job's --parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism = 2;

    @Option(names = "--task-managers", description = "TaskManagers of the cluster (default: ${DEFAULT-VALUE}).")
    int taskManagers = 2;

    @Option(names = "--topic-partitions", description = "Partitions of each run's topics (default: ${DEFAULT-VALUE}).")
    int topicPartitions = 4;

    @Option(names = "--recovery-timeout-seconds", description = "Give up on a fault when the job has not recovered"
            + " this long after it was over (default: ${DEFAULT-VALUE}).")
    int recoveryTimeoutSeconds = 300;

    @Option(names = "--job-jar", description = "The job's jar (default: ${DEFAULT-VALUE}).")
    Path jobJar = Path.of("ingest-job/target/vectorline-ingest-job.jar");

    @Option(names = "--job-option", paramLabel = "ARG",
            description = "Extra argument for `vectorline run`, repeatable, e.g. --job-option=--flush-age=1s.")
    List<String> jobOptions = new ArrayList<>();

    @Option(names = "--jdbc-url", required = true, description = "Admin JDBC URL; each run's database is created beside it.")
    String adminJdbcUrl;

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka.")
    String bootstrapServers;

    @Option(names = "--state-dir", description = "deploy/local's state dir (default: $VECTORLINE_STATE_DIR or .vectorline).")
    Path stateDir = Path.of(Optional.ofNullable(System.getenv("VECTORLINE_STATE_DIR")).orElse(".vectorline"));

    @Option(names = "--pg-bin", description = "PostgreSQL's server binaries (default: ${DEFAULT-VALUE}).")
    Path pgBin = Path.of("/usr/lib/postgresql/15/bin");

    @Option(names = "--out", description = "Markdown results (default: benchmarks/results/faults.md,"
            + " reduced benchmarks/target/faults-reduced.md).")
    Path out;

    @Option(names = "--logs-dir", description = "Where the faulted run's Flink logs are copied (default:"
            + " benchmarks/target/faults-logs, reduced benchmarks/target/faults-reduced-logs).")
    Path logsDir;

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Duration outage = Duration.ofSeconds(orDefault(outageSeconds, 20, 120));
        List<Fault> faults = reduced ? Fault.reduced(outage) : Fault.full(outage);
        int killed = faults.stream().mapToInt(Fault::taskManager).max().orElse(0);
        if (killed > taskManagers) {
            throw new IllegalArgumentException("the faults kill TaskManager " + killed + ": --task-managers must be"
                    + " at least " + killed);
        }
        if (maxBodyChars >= PoisonRecords.LARGE_BODY_CHARS) {
            throw new IllegalArgumentException("--max-body-chars must be below the " + PoisonRecords.LARGE_BODY_CHARS
                    + " characters of the oversized body");
        }
        FaultCorpus corpus = FaultCorpus.generate(seed, orDefault(documents, 600, 5_000), tenants,
                faults.size() + 1, orDefault(poisonCopies, 1, 2));
        Path report = orDefault(out, Path.of("benchmarks/target/faults-reduced.md"),
                Path.of("benchmarks/results/faults.md"));
        Path logs = orDefault(logsDir, Path.of("benchmarks/target/faults-reduced-logs"),
                Path.of("benchmarks/target/faults-logs"));
        List<String> runOptions = new ArrayList<>(List.of("--parallelism", Integer.toString(parallelism),
                "--checkpoint-interval", checkpointSeconds + "s", "--max-body-chars", Integer.toString(maxBodyChars)));
        runOptions.addAll(jobOptions);
        Duration recoveryTimeout = Duration.ofSeconds(recoveryTimeoutSeconds);

        FlinkCluster flink = new FlinkCluster(stateDir);
        FaultInjector injector = new FaultInjector(flink, new LocalPostgres(stateDir, pgBin), new LocalKafka(stateDir));
        FaultRun runs = new FaultRun(new FaultRun.Settings(adminJdbcUrl, bootstrapServers, jobJar, runOptions,
                taskManagers, topicPartitions, Duration.ofSeconds(checkpointSeconds), recoveryTimeout), flink, injector,
                corpus);
        String prefix = reduced ? "reduced_" : "";
        RunResult control;
        RunResult faulted = null;
        List<StateComparison.Table> comparison = null;
        try {
            control = runs.run(prefix + "control", List.of(), null);
            if (control.aborted() == null) {
                faulted = runs.run(prefix + "faulted", faults, logs);
            }
            if (faulted != null && control.corpus() != null && faulted.corpus() != null) {
                comparison = StateComparison.compare(control.jdbcUrl(), faulted.jdbcUrl());
            }
        } finally {
            flink.stop();
        }

        List<Acceptance.Check> checks = Acceptance.checks(control, faulted, faults, comparison);
        String markdown = FaultsReport.markdown(new FaultsReport.Setup(Machine.describe().oneLine(),
                RecordedCommand.of("benchmarks/run-faults", spec.commandLine().getParseResult().originalArgs()),
                taskManagers, runOptions, topicPartitions, recoveryTimeout), corpus, faults, control, faulted,
                comparison, checks);
        Files.createDirectories(report.toAbsolutePath().getParent());
        Files.writeString(report, markdown);
        System.out.println(markdown);
        boolean passed = checks.stream().allMatch(Acceptance.Check::passed);
        for (RunResult run : new RunResult[] {control, faulted}) {
            if (run != null) {
                keepOrRemove(run, passed);
            }
        }
        FaultRun.log("%s (%s)", passed ? "all checks pass" : "checks fail", report);
        return passed ? 0 : 1;
    }

    /** A run's database and topics are removed when every check passed, and kept for a look otherwise. */
    private void keepOrRemove(RunResult run, boolean passed) throws Exception {
        if (!passed) {
            FaultRun.log("kept for inspection: database %s, topic %s and its dead-letter topic", run.database(),
                    run.topic());
            return;
        }
        Databases.drop(adminJdbcUrl, run.database());
        new EventPublisher(bootstrapServers, run.topic()).deleteTopics();
    }

    /** The option as given, or else its default for the form being run, reduced or full. */
    private <T> T orDefault(T given, T reducedDefault, T fullDefault) {
        return given != null ? given : reduced ? reducedDefault : fullDefault;
    }
}

package io.vectorline.bench.embedding;

import io.vectorline.bench.BenchDatabase;
import io.vectorline.bench.RecordedCommand;
import io.vectorline.cli.DurationConverter;
import io.vectorline.embedder.ModelTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * Embedding speed side by side in one run: (a) a plain ONNX Runtime loop, (b) Vectorline's
 * embedder, (c) LangChain4j's in-process model, all on the same passages; the coverage each gets
 * on whole paragraphs and documents; then (d) the real job end to end through Kafka and PostgreSQL
 * at two corpus sizes, with its peak memory, and a re-publish of unchanged and of edited documents.
 */
@Command(name = "embedding-benchmark", mixinStandardHelpOptions = true,
        description = "Embedding throughput: plain ONNX Runtime vs Vectorline vs LangChain4j, and the job end to end.")
public final class EmbeddingBenchmark implements Callable<Integer> {
    @Option(names = "--seed", description = "Corpus seed; the same seed gives the same corpus (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--tenants", description = "Tenants the documents are spread over (default: ${DEFAULT-VALUE}).")
    int tenants = 200;

    @Option(names = "--passages", description = "Passages embedded by (a), (b), (c) (default: ${DEFAULT-VALUE}).")
    int passages = 2_000;

    @Option(names = "--rounds", description = "Rounds of (a), (b), (c); medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--slice", description = "Texts per embed call of (b) and (c), like the job's micro-batches"
            + " (default: ${DEFAULT-VALUE}).")
    int slice = 256;

    @Option(names = "--threads", description = "Workers of (a) (default: the available cores, ${DEFAULT-VALUE}).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--e2e-sizes", split = ",", paramLabel = "N,N",
            description = "Documents per end-to-end run; re-publish and edit phases run at the first size"
                    + " (default: 10000,50000).")
    List<Integer> e2eSizes = new ArrayList<>(List.of(10_000, 50_000));

    @Option(names = "--no-e2e", description = "Skip (d), the end-to-end runs.")
    boolean noEndToEnd;

    @Option(names = "--jdbc-url", description = "Admin JDBC URL for (d); databases are created beside it.")
    String adminJdbcUrl;

    @Option(names = "--bootstrap-servers", description = "Kafka for (d).")
    String bootstrapServers;

    @Option(names = "--job-classpath", description = "Classpath of the job's CLI (default: ${DEFAULT-VALUE}).")
    String jobClasspath = "ingest-job/target/vectorline-ingest-job.jar:ingest-job/target/flink-lib/*";

    @Option(names = "--job-heap", description = "-Xms and -Xmx of the job's JVM, touched at start (default: ${DEFAULT-VALUE}).")
    String jobHeap = "1g";

    @Option(names = "--job-log-config", description = "log4j2 configuration of the job's JVM (default: ${DEFAULT-VALUE}).")
    Path jobLogConfig = Path.of("benchmarks/conf/log4j2-ingest-child.properties");

    @Option(names = "--job-parallelism", description = "--parallelism of the job; 0 = its default (default: ${DEFAULT-VALUE}).")
    int jobParallelism;

    @Option(names = "--job-option", paramLabel = "ARG",
            description = "Extra argument for `vectorline run`, repeatable, e.g. --job-option=--flush-age=1s.")
    List<String> jobOptions = new ArrayList<>();

    @Option(names = "--topic-partitions", description = "Partitions of each run's topic (default: ${DEFAULT-VALUE}).")
    int topicPartitions = 4;

    @Option(names = "--phase-timeout", converter = DurationConverter.class,
            description = "Give up on an end-to-end phase after this long (default: 60m).")
    Duration phaseTimeout = Duration.ofMinutes(60);

    @Option(names = "--out", description = "Markdown results (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("benchmarks/results/embedding.md");

    @Option(names = "--chart", description = "PNG bar chart (default: ${DEFAULT-VALUE}).")
    Path chart = Path.of("benchmarks/results/embedding.png");

    @Option(names = "--log-dir", description = "Where the job's logs go (default: ${DEFAULT-VALUE}).")
    Path logDir = Path.of("benchmarks/target");

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new EmbeddingBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!"1".equals(System.getenv("ORT_DISABLE_TELEMETRY"))) {
            throw new IllegalStateException("set ORT_DISABLE_TELEMETRY=1 (benchmarks/run-embedding does): ONNX"
                    + " Runtime 1.29 otherwise parses the command line at start-up and can crash the JVM");
        }
        if (!noEndToEnd && (adminJdbcUrl == null || bootstrapServers == null)) {
            throw new IllegalArgumentException("(d) needs --jdbc-url and --bootstrap-servers, or pass --no-e2e");
        }
        Machine machine = Machine.describe();
        Report report = new Report(machine, RecordedCommand.of("benchmarks/run-embedding",
                spec.commandLine().getParseResult().originalArgs()));
        CorpusGenerator corpus = new CorpusGenerator(seed, tenants);
        try (ModelTokenizer tokenizer = new ModelTokenizer(ModelResources.files(),
                ModelResources.MODEL.model().spec().maxTokens())) {
            Passages cut = Passages.cut(corpus, tokenizer, passages);
            report.corpus(seed, tenants, cut);
            EmbeddingOnly.Rates rates = EmbeddingOnly.measure(report, cut, tokenizer, slice, threads, rounds);
            List<String> labels = new ArrayList<>(rates.byVariant().keySet());
            List<Double> tokensPerSecond = new ArrayList<>(rates.byVariant().values());
            if (!noEndToEnd) {
                EndToEndResult first = endToEnd(report, corpus, tokenizer, rates.embedder());
                if (Double.isFinite(first.tokensPerSecond())) {
                    labels.add(String.format("(d) end to end, %,d docs", first.documents()));
                    tokensPerSecond.add(first.tokensPerSecond());
                }
            }

            try {
                ResultsChart.write(chart, machine.cores() + " cores", labels, tokensPerSecond);
                report.chart(chart.getFileName().toString());
            } catch (Exception | Error e) {
                System.err.println("chart not written: " + e);
            }
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report.markdown());
        System.out.println(report.markdown());
        return 0;
    }

    /** (d) at every size, into the report; returns the first size's run, the one the chart shows. */
    private EndToEndResult endToEnd(Report report, CorpusGenerator corpus, ModelTokenizer tokenizer,
            double embedderTokensPerSecond) throws Exception {
        EndToEndRun endToEnd = new EndToEndRun(new EndToEndRun.Settings(
                dimensions -> BenchDatabase.create(adminJdbcUrl, "vl_bench_e2e", dimensions, false), bootstrapServers,
                jobClasspath, jobHeap, jobLogConfig, jobParallelism, jobOptions, topicPartitions, phaseTimeout,
                logDir), corpus, tokenizer);
        List<EndToEndResult> results = new ArrayList<>();
        for (int i = 0; i < e2eSizes.size(); i++) {
            results.add(endToEnd.run(e2eSizes.get(i), i == 0));
        }
        report.endToEnd(results, embedderTokensPerSecond, "-Xms" + jobHeap + " -Xmx" + jobHeap
                + " -XX:+AlwaysPreTouch, --model "
                + ModelResources.MODEL.model().spec().id() + ", --chunk-tokens 126 --overlap-tokens 0"
                + (jobParallelism > 0 ? ", --parallelism " + jobParallelism : "")
                + (jobOptions.isEmpty() ? "" : ", " + String.join(" ", jobOptions)));
        return results.get(0);
    }
}

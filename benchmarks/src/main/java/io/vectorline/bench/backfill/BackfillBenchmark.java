package io.vectorline.bench.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.bench.BenchDatabase;
import io.vectorline.bench.RecordedCommand;
import io.vectorline.bench.embedding.CorpusGenerator;
import io.vectorline.bench.embedding.Document;
import io.vectorline.bench.embedding.DocumentProducer;
import io.vectorline.bench.embedding.Machine;
import io.vectorline.cli.VectorlineCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorline backfill} measured from outside, on the same corpus in one run: how close a
 * paced backfill comes to its limit (documents stored per second between 10 % and 90 % of the
 * range, read from the database), and what replaying an already-ingested range costs against the
 * first ingest (time and chunks embedded).
 */
@Command(name = "backfill-benchmark", mixinStandardHelpOptions = true)
public final class BackfillBenchmark implements Callable<Integer> {
    @Option(names = "--jdbc-url", required = true, description = "Admin URL; databases are created beside it.")
    String adminUrl;

    @Option(names = "--bootstrap-servers", required = true)
    String bootstrapServers;

    @Option(names = "--documents", description = "Documents in the topic (default: ${DEFAULT-VALUE}).")
    int documents = 1_500;

    @Option(names = "--paces", split = ",", description = "Documents/s limits measured (default: ${DEFAULT-VALUE}).")
    List<Integer> paces = List.of(10, 25, 50);

    @Option(names = "--out", description = "Markdown results (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("benchmarks/results/backfill.md");

    @Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DIMENSIONS = 384;
    private static final int PARTITIONS = 4;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BackfillBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String topic = "vl-bench-backfill-" + System.currentTimeMillis();
        List<Document> corpus = new CorpusGenerator(42, 20).documents(documents);
        DocumentProducer producer = new DocumentProducer(bootstrapServers);
        producer.createTopic(topic, PARTITIONS);
        producer.createTopic(topic + ".dead-letter", PARTITIONS);
        StringBuilder results = new StringBuilder();
        try {
            producer.publish(topic, corpus, 1);
            results.append(pacing(topic));
            results.append(replay(topic));
        } finally {
            producer.deleteTopics(List.of(topic, topic + ".dead-letter"));
        }
        // described after the runs, once ONNX Runtime is loaded and can name its version
        StringBuilder report = new StringBuilder("# Backfill\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on ").append(Machine.describe().oneLine())
                .append(". ").append(documents).append(" documents of the embedding benchmark's corpus (seed 42, 20"
                        + " tenants) in a topic of ").append(PARTITIONS).append(" partitions; each backfill runs in"
                        + " this JVM on an embedded Flink (its default parallelism), checkpoints every 1 s, into a"
                        + " fresh database unless said otherwise.\n\n")
                .append(results);
        report.append("Command: `").append(RecordedCommand.of("benchmarks/run-backfill",
                spec.commandLine().getParseResult().originalArgs())).append("`\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.print(report);
        return 0;
    }

    private String pacing(String topic) throws Exception {
        StringBuilder table = new StringBuilder("## Pacing\n\n`--max-documents-per-second` against the documents"
                + " stored per second while the store went from 10 % to 90 % of the range (polled every 200 ms).\n\n"
                + "| limit documents/s | achieved | achieved / limit |\n|---|---|---|\n");
        for (int pace : paces) {
            try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, false);
                    StoredCount stored = new StoredCount(database.url())) {
                run(database.url(), topic, "pace-" + pace, "--max-documents-per-second", Integer.toString(pace));
                double achieved = stored.rateBetween(0.1 * documents, 0.9 * documents);
                log("pace %d: %.2f documents/s", pace, achieved);
                table.append(String.format("| %d | %.2f | %.3f |%n", pace, achieved, achieved / pace));
            }
        }
        return table.append('\n').toString();
    }

    private String replay(String topic) throws Exception {
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, false)) {
            Summary first = run(database.url(), topic, "first");
            Summary again = run(database.url(), topic, "again");
            log("first %s; again %s", first, again);
            return "## Replaying an ingested range\n\nThe whole topic backfilled unpaced into an empty store, then"
                    + " again into the same store (every version stored, every chunk known).\n\n"
                    + "| run | seconds (job start-up included) | chunks embedded | versions not newer than stored"
                    + " (ignored) |\n|---|---|---|---|\n"
                    + String.format("| first | %.1f | %,d | %,d |%n", first.seconds, first.embeddedChunks,
                            first.staleDocuments)
                    + String.format("| again | %.1f | %,d | %,d |%n", again.seconds, again.embeddedChunks,
                            again.staleDocuments)
                    + String.format("%nAgain / first: %.3f of the time, %.3f of the chunks embedded.%n%n",
                            again.seconds / first.seconds, (double) again.embeddedChunks / first.embeddedChunks);
        }
    }

    private record Summary(double seconds, long embeddedChunks, long staleDocuments) {}

    private Summary run(String jdbcUrl, String topic, String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("backfill", "--name", name, "--bootstrap-servers",
                bootstrapServers, "--jdbc-url", jdbcUrl, "--topic", topic, "--allow-new-tenants", "--json",
                "--checkpoint-interval", "1s", "--chunk-tokens", "126", "--overlap-tokens", "0"));
        args.addAll(List.of(more));
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        int exit = VectorlineCli.commandLine().setOut(new PrintWriter(output)).setErr(new PrintWriter(errors))
                .execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("backfill " + name + " failed (" + exit + "): " + errors);
        }
        String[] lines = output.toString().strip().split("\\R");
        JsonNode summary = JSON.readTree(lines[lines.length - 1]);
        return new Summary(summary.get("seconds").asDouble(), summary.get("embeddedChunks").asLong(),
                summary.get("staleDocuments").asLong());
    }

    private static void log(String format, Object... args) {
        System.err.printf("backfill-benchmark: " + format + "%n", args);
    }
}

package io.vectorline.bench.backfill;

import io.vectorline.bench.BenchDatabase;
import io.vectorline.bench.RecordedCommand;
import io.vectorline.bench.embedding.CorpusGenerator;
import io.vectorline.bench.embedding.Document;
import io.vectorline.bench.embedding.DocumentProducer;
import io.vectorline.bench.embedding.Machine;
import io.vectorline.cli.VectorlineCli;
import io.vectorline.store.jdbc.PgConnections;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorline backfill} measured from outside, on the same corpus in one run: how close a
 * paced backfill comes to its limit (documents stored per second between 10 % and 90 % of the
 * range, read from the database), what replaying an already-ingested range costs against the
 * first ingest (time and chunks embedded), from the topic and from the store, what keeping the
 * bodies costs in storage, and what a backfill killed halfway costs in all.
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

    @Option(names = "--sections", split = ",", description = "What to measure, of ${COMPLETION-CANDIDATES}"
            + " (default: all).")
    List<Section> sections = List.of(Section.values());

    @Option(names = "--throughput-documents", description = "Documents of the throughput section's backfill"
            + " (default: ${DEFAULT-VALUE}).")
    int throughputDocuments = 20_000;

    @Option(names = "--latency-documents", description = "Documents of the backfill beside the live job"
            + " (default: ${DEFAULT-VALUE}).")
    int latencyDocuments = 6_000;

    @Option(names = "--live-rate", description = "Live documents/s while latency is measured (default: ${DEFAULT-VALUE}).")
    double liveRate = 4;

    @Option(names = "--heavy-live-rate", description = "Live documents/s of the busy live job (default: ${DEFAULT-VALUE}).")
    double heavyLiveRate = 20;

    @Option(names = "--idle-seconds", description = "How long the live job's idle latency is measured"
            + " (default: ${DEFAULT-VALUE}).")
    int idleSeconds = 60;

    @Option(names = "--out", description = "Markdown results (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("benchmarks/results/backfill.md");

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The report's sections, in their order. */
    enum Section { pacing, replay, resume, throughput, latency }

    private BackfillRuns runs;
    private static final int DIMENSIONS = 384;
    private static final int PARTITIONS = 4;
    private static final int RESUME_PACE = 50;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BackfillBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        runs = new BackfillRuns(bootstrapServers);
        StringBuilder results = new StringBuilder();
        if (sections.contains(Section.pacing) || sections.contains(Section.replay)
                || sections.contains(Section.resume)) {
            String topic = topic(documents);
            try {
                if (sections.contains(Section.pacing)) {
                    results.append(pacing(topic));
                }
                if (sections.contains(Section.replay)) {
                    results.append(replay(topic));
                }
                if (sections.contains(Section.resume)) {
                    results.append(resume(topic));
                }
            } finally {
                deleteTopic(topic);
            }
        }
        if (sections.contains(Section.throughput)) {
            String topic = topic(throughputDocuments);
            try {
                results.append(new ThroughputSection(runs, adminUrl, throughputDocuments).measure(topic));
            } finally {
                deleteTopic(topic);
            }
        }
        if (sections.contains(Section.latency)) {
            String topic = topic(latencyDocuments);
            try {
                results.append(new LiveLatencySection(runs, adminUrl, Duration.ofSeconds(idleSeconds))
                        .measure(topic, latencyDocuments, List.of(new LiveLatencySection.Condition(liveRate),
                                new LiveLatencySection.Condition(liveRate, "--flush-age", "250ms"),
                                new LiveLatencySection.Condition(heavyLiveRate, "--flush-age", "250ms"))));
            } finally {
                deleteTopic(topic);
            }
        }
        // described after the runs, once ONNX Runtime is loaded and can name its version
        StringBuilder report = new StringBuilder("# Backfill\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on ").append(Machine.describe().oneLine())
                .append(". Documents of the embedding benchmark's corpus (seed 42, 20 tenants), ")
                .append(String.format("%,d", documents)).append(" for pacing, replay and resume, in topics of ")
                .append(PARTITIONS).append(" partitions; each backfill runs in this JVM on an embedded Flink (its"
                        + " default parallelism), checkpoints every 1 s, chunks of 126 tokens, into a fresh database"
                        + " unless said otherwise.\n\n")
                .append(results);
        report.append("Command: `").append(RecordedCommand.of("benchmarks/run-backfill",
                spec.commandLine().getParseResult().originalArgs())).append("`\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.print(report);
        return 0;
    }

    /** A topic holding the first {@code count} documents of the corpus, and its dead-letter topic. */
    private String topic(int count) throws Exception {
        String topic = "vl-bench-backfill-" + count + "-" + System.currentTimeMillis();
        DocumentProducer producer = new DocumentProducer(bootstrapServers);
        producer.createTopic(topic, PARTITIONS);
        producer.createTopic(topic + ".dead-letter", PARTITIONS);
        producer.publish(topic, new CorpusGenerator(42, 20).documents(count), 1);
        return topic;
    }

    private void deleteTopic(String topic) throws Exception {
        new DocumentProducer(bootstrapServers).deleteTopics(List.of(topic, topic + ".dead-letter"));
    }

    private String pacing(String topic) throws Exception {
        StringBuilder table = new StringBuilder("## Pacing\n\n`--max-documents-per-second` against the documents"
                + " stored per second while the store went from 10 % to 90 % of the range (polled every 200 ms).\n\n"
                + "| limit documents/s | achieved | achieved / limit |\n|---|---|---|\n");
        for (int pace : paces) {
            try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, false);
                    StoredCount stored = new StoredCount(database.url())) {
                runs.run(database.url(), topic, "pace-" + pace, "--max-documents-per-second", Integer.toString(pace));
                double achieved = stored.rateBetween(0.1 * documents, 0.9 * documents);
                log("pace %d: %.2f documents/s", pace, achieved);
                table.append(String.format("| %d | %.2f | %.3f |%n", pace, achieved, achieved / pace));
            }
        }
        return table.append('\n').toString();
    }

    private String replay(String topic) throws Exception {
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, false)) {
            BackfillRuns.Summary first = runs.run(database.url(), topic, "first");
            BackfillRuns.Summary again = runs.run(database.url(), topic, "again");
            BackfillRuns.Summary fromStore = runs.run(database.url(), topic, "from-store", "--from-store");
            log("first %s; again %s; from the store %s", first, again, fromStore);
            return storage(database.url()) + "## Replaying an ingested range\n\nThe whole topic backfilled unpaced"
                    + " into an empty store, then again into the same store (every version stored, every chunk"
                    + " known), then once more from the store itself with the same settings.\n\n"
                    + "| run | seconds (job start-up included) | chunks embedded | versions not newer than stored"
                    + " (ignored) |\n|---|---|---|---|\n"
                    + String.format("| first | %.1f | %,d | %,d |%n", first.seconds(), first.embeddedChunks(),
                            first.staleDocuments())
                    + String.format("| again | %.1f | %,d | %,d |%n", again.seconds(), again.embeddedChunks(),
                            again.staleDocuments())
                    + String.format("| again, `--from-store` | %.1f | %,d | %,d |%n", fromStore.seconds(),
                            fromStore.embeddedChunks(), fromStore.staleDocuments())
                    + String.format("%nAgain / first: %.3f of the time, %.3f of the chunks embedded. From the store"
                            + " / first: %.3f of the time, %.3f of the chunks embedded.%n%n",
                            again.seconds() / first.seconds(), (double) again.embeddedChunks() / first.embeddedChunks(),
                            fromStore.seconds() / first.seconds(),
                            (double) fromStore.embeddedChunks() / first.embeddedChunks());
        }
    }

    /**
     * A paced backfill in a JVM of its own, killed ({@code kill -9}) once half the range is
     * committed, then run again to its end, against the same backfill uninterrupted. Paced, so that
     * the committed position moves steadily: unpaced, the source reads ahead of what is processed
     * and the first checkpoint may already cover the whole range.
     */
    private String resume(String topic) throws Exception {
        String[] pace = {"--max-documents-per-second", Integer.toString(RESUME_PACE)};
        BackfillRuns.Summary uninterrupted;
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, false)) {
            uninterrupted = runs.run(database.url(), topic, "uninterrupted", pace);
        }
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, false)) {
            long started = System.nanoTime();
            Process child = runs.child(database.url(), topic, "killed", pace);
            long committed;
            try {
                committed = awaitCommitted(database.url(), "killed", documents / 2, child);
            } finally {
                child.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
            }
            double killedSeconds = (System.nanoTime() - started) / 1e9;
            long storedChunks = count(database.url(), "SELECT count(*) FROM chunks");
            BackfillRuns.Summary resumed = runs.run(database.url(), topic, "killed", pace);
            log("killed at %d records committed after %.1f s with %d chunks stored; resumed %s", committed,
                    killedSeconds, storedChunks, resumed);
            return "## Resuming a killed backfill\n\nThe whole topic at " + RESUME_PACE + " documents/s into an empty"
                    + " store: once uninterrupted; once run by the CLI in a JVM of its own, killed with `kill -9` once"
                    + " its committed position passed half the range, then run again to its end. Chunks embedded by the killed run are counted as those"
                    + " stored when it died (what it embedded and had not flushed is lost work not counted).\n\n"
                    + "| run | seconds (each with its start-up) | records read | chunks embedded |\n|---|---|---|---|\n"
                    + String.format("| killed at %,d records committed | %.1f | %,d | %,d stored |%n", committed,
                            killedSeconds, committed, storedChunks)
                    + String.format("| run again | %.1f | %,d | %,d |%n", resumed.seconds(), resumed.records(),
                            resumed.embeddedChunks())
                    + String.format("| uninterrupted | %.1f | %,d | %,d |%n", uninterrupted.seconds(),
                            uninterrupted.records(), uninterrupted.embeddedChunks())
                    + String.format("%nKilled + run again / uninterrupted: %.2f of the time, %.2f of the chunks"
                            + " embedded, %.2f of the records read (at least).%n%n",
                            (killedSeconds + resumed.seconds()) / uninterrupted.seconds(),
                            (double) (storedChunks + resumed.embeddedChunks()) / uninterrupted.embeddedChunks(),
                            (double) (committed + resumed.records()) / uninterrupted.records());
        }
    }

    /** Waits until the backfill's committed position reaches {@code records}; returns it. */
    private long awaitCommitted(String jdbcUrl, String name, long records, Process child) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            while (true) {
                if (!child.isAlive()) {
                    throw new IllegalStateException("the backfill's JVM ended early; see " + BackfillRuns.log(name));
                }
                String group = groupOf(jdbcUrl, name);
                long committed = group == null ? 0 : admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get().values().stream().filter(Objects::nonNull)
                        .mapToLong(OffsetAndMetadata::offset).sum();
                if (committed >= records) {
                    return committed;
                }
                Thread.sleep(100);
            }
        }
    }

    private static String groupOf(String jdbcUrl, String name) {
        try (Connection connection = PgConnections.open(jdbcUrl);
                PreparedStatement select = connection.prepareStatement(
                        "SELECT group_id FROM backfills WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null; // the backfill has not recorded itself yet
        }
    }

    /** What keeping each document's body (for `--from-store`) costs in the store. */
    private static String storage(String jdbcUrl) throws SQLException {
        long raw = count(jdbcUrl, "SELECT sum(octet_length(body)) FROM documents");
        long stored = count(jdbcUrl, "SELECT sum(pg_column_size(body)) FROM documents");
        long compressed = count(jdbcUrl, "SELECT count(*) FROM documents WHERE pg_column_compression(body) = 'lz4'");
        long otherwise = count(jdbcUrl, "SELECT count(*) FROM documents WHERE pg_column_compression(body) <> 'lz4'");
        if (otherwise > 0) {
            throw new IllegalStateException(otherwise + " bodies are compressed, but not with lz4");
        }
        long all = count(jdbcUrl, "SELECT count(*) FROM documents");
        long store = count(jdbcUrl, "SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('documents')")
                + count(jdbcUrl, "SELECT sum(pg_total_relation_size(relid)) FROM pg_partition_tree('chunks')");
        log("bodies: %d bytes as text, %d stored; %d of %d compressed; store %d bytes", raw, stored, compressed, all,
                store);
        return "## Storage of document bodies\n\nEvery document keeps its body for `backfill --from-store`; after the"
                + " first ingest below (no HNSW index):\n\n| | bytes |\n|---|---|\n"
                + String.format("| bodies as text | %,d |%n| bodies as stored (lz4 above ~2 kB) | %,d (%.2f of the"
                        + " text; %,d of %,d documents compressed) |%n| documents and chunks with their indexes |"
                        + " %,d |%n", raw, stored, (double) stored / raw, compressed, all, store)
                + String.format("%nThe bodies take %.1f %% of the store.%n%n", 100.0 * stored / store);
    }

    private static long count(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = PgConnections.open(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("backfill-benchmark: " + format + "%n", args);
    }
}

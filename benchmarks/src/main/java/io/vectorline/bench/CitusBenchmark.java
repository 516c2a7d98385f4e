package io.vectorline.bench;

import io.vectorline.bench.embedding.CorpusGenerator;
import io.vectorline.bench.embedding.EndToEndResult;
import io.vectorline.bench.embedding.EndToEndRun;
import io.vectorline.bench.embedding.ModelResources;
import io.vectorline.embedder.ModelTokenizer;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.Tenants;
import io.vectorline.store.jdbc.PgConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Stores side by side in one run, typically one node and a Citus cluster: the sink's upsert and
 * append paths with 1, 2 and 4 writers at once (each on its own tenants and connection, as parallel
 * sink subtasks write), then the real job end to end. Every target is an existing database,
 * emptied before every load, so any store can be measured.
 */
@Command(name = "citus-benchmark", mixinStandardHelpOptions = true,
        description = "Sink rows/s with concurrent writers and the job end to end, per store target.")
public final class CitusBenchmark implements Callable<Integer> {
    @Option(names = "--target", required = true, paramLabel = "NAME=JDBC_URL",
            description = "A store to load, e.g. one-node=jdbc:… citus=jdbc:… (repeatable; migrated and emptied).")
    List<String> targets;

    @Option(names = "--rows", description = "Chunks per sink load (default: ${DEFAULT-VALUE}).")
    int rows = 40_000;

    @Option(names = "--writers", split = ",", description = "Writer counts, the first 1 (default: ${DEFAULT-VALUE}).")
    List<Integer> writerCounts = List.of(1, 2, 4);

    @Option(names = "--rounds", description = "Rounds of each sink load; medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--e2e-documents", description = "Documents of the end-to-end run per target; 0 skips it"
            + " (default: ${DEFAULT-VALUE}).")
    int e2eDocuments = 3_000;

    @Option(names = "--bootstrap-servers", description = "Kafka for the end-to-end runs.")
    String bootstrapServers;

    @Option(names = "--job-classpath", description = "Classpath of the job's CLI (default: ${DEFAULT-VALUE}).")
    String jobClasspath = "ingest-job/target/vectorline-ingest-job.jar:ingest-job/target/flink-lib/*";

    @Option(names = "--out", description = "Markdown results (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("benchmarks/results/citus.md");

    private static final int DIMENSIONS = 384;
    private static final int CHUNKS_PER_FLUSH = 2_000;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CitusBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (writerCounts.get(0) != 1) {
            throw new IllegalArgumentException("--writers must start with 1, the count the others are compared with");
        }
        if (e2eDocuments > 0 && bootstrapServers == null) {
            throw new IllegalArgumentException("the end-to-end runs need --bootstrap-servers, or pass --e2e-documents 0");
        }
        Map<String, String> urls = new LinkedHashMap<>();
        targets.forEach(t -> urls.put(t.substring(0, t.indexOf('=')), t.substring(t.indexOf('=') + 1)));
        StringBuilder report = new StringBuilder("# Stores side by side: one node and Citus\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on ").append(SinkBenchmark.machine())
                .append(". Every process (this harness, the job, PostgreSQL, the three Citus nodes) shares the same"
                        + " cores.\n\n");
        report.append(sinkLoads(urls));
        if (e2eDocuments > 0) {
            report.append(endToEnd(urls));
        }
        report.append("Command: `benchmarks/run-citus").append(String.join("", urls.keySet().stream()
                .map(name -> " --target " + name + "=…").toList())).append(" --rows ").append(rows)
                .append(" --rounds ").append(rounds).append(" --e2e-documents ").append(e2eDocuments).append("`\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.print(report);
        return 0;
    }

    private String sinkLoads(Map<String, String> urls) throws Exception {
        SinkRows data = SinkRows.generate(rows, CHUNKS_PER_FLUSH, DIMENSIONS);
        StringBuilder table = new StringBuilder("## Sink\n\n").append(rows).append(" chunks (").append(DIMENSIONS)
                .append(" dimensions, ").append(SinkRows.TENANTS).append(" tenants) per load, flushes of up to ")
                .append(CHUNKS_PER_FLUSH).append(" chunks. Upsert path: binary COPY into staging + version-guarded"
                        + " merge; append path: binary COPY straight into the tables (new documents). Each writer"
                        + " writes its own tenants on its own connection: split by tenant (tenant number modulo"
                        + " writers, so on Citus two writers' tenants can share a shard, as Flink's key groups do),"
                        + " or, on Citus, split by shard (each shard's tenants to one writer, so no two writers"
                        + " write one shard). Median of ").append(rounds)
                .append(" rounds; within a round every split and writer count runs once, one after another.\n\n")
                .append("| target | path | writers split by | writers | median s | rows/s | vs 1 writer |\n"
                        + "|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, String> target : urls.entrySet()) {
            StoreLayout layout = ExistingStore.emptied(target.getValue(), DIMENSIONS).layout();
            List<Split> splits = layout == StoreLayout.CITUS ? List.of(Split.TENANT, Split.SHARD) : List.of(Split.TENANT);
            for (boolean append : List.of(false, true)) {
                String path = append ? "append" : "upsert";
                Map<String, double[]> seconds = new LinkedHashMap<>();
                for (int round = 0; round < rounds; round++) {
                    // every configuration once per round, so drift in the servers' state spreads evenly
                    for (Split split : splits) {
                        for (int writers : writerCounts) {
                            ExistingStore store = ExistingStore.emptied(target.getValue(), DIMENSIONS);
                            double took = load(store, data, split.writers(store, writers), append);
                            seconds.computeIfAbsent(split.label + " " + writers, k -> new double[rounds])[round] = took;
                            System.err.printf("%s, %s path, by %s, %d writers, round %d: %.2f s%n", target.getKey(),
                                    path, split.label, writers, round + 1, took);
                        }
                    }
                }
                for (Split split : splits) {
                    double single = Median.of(seconds.get(split.label + " " + writerCounts.get(0)));
                    for (int writers : writerCounts) {
                        double median = Median.of(seconds.get(split.label + " " + writers));
                        table.append(String.format("| %s | %s | %s | %d | %.2f | %,.0f | %.2f |%n", target.getKey(),
                                path, split.label, writers, median, rows / median, single / median));
                    }
                }
            }
        }
        return table.append('\n').toString();
    }

    /** How tenants are shared out among writers. */
    private enum Split {
        TENANT("tenant"),
        SHARD("shard");

        final String label;

        Split(String label) {
            this.label = label;
        }

        /** Each tenant's writer: by tenant number, or whole shards (largest first) to the least loaded writer. */
        Map<String, Integer> writers(ExistingStore store, int writers) throws SQLException {
            Map<String, Integer> writerOf = new HashMap<>();
            if (this == TENANT) {
                for (int t = 0; t < SinkRows.TENANTS; t++) {
                    writerOf.put("tenant-" + t, t % writers);
                }
                return writerOf;
            }
            Map<String, List<String>> byShard = new TreeMap<>();
            try (Connection connection = PgConnections.open(store.url())) {
                Tenants tenants = new Tenants(connection);
                for (int t = 0; t < SinkRows.TENANTS; t++) {
                    byShard.computeIfAbsent(tenants.location("tenant-" + t), k -> new ArrayList<>()).add("tenant-" + t);
                }
            }
            int[] load = new int[writers];
            List<List<String>> largestFirst = new ArrayList<>(byShard.values());
            largestFirst.sort(Comparator.comparingInt(List<String>::size).reversed());
            for (List<String> group : largestFirst) {
                int least = 0;
                for (int w = 1; w < writers; w++) {
                    least = load[w] < load[least] ? w : least;
                }
                load[least] += group.size();
                for (String tenant : group) {
                    writerOf.put(tenant, least);
                }
            }
            return writerOf;
        }
    }

    /** Loads with one writer per share of the tenants, all at once; returns the seconds. */
    private static double load(ExistingStore store, SinkRows data, Map<String, Integer> writerOf, boolean append)
            throws Exception {
        int writers = 1 + writerOf.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<List<List<DocumentUpsert>>> shares = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            shares.add(new ArrayList<>());
        }
        for (List<DocumentUpsert> batch : data.batches()) {
            List<List<DocumentUpsert>> split = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                split.add(new ArrayList<>());
            }
            for (DocumentUpsert document : batch) {
                split.get(writerOf.get(document.tenantId())).add(document);
            }
            for (int w = 0; w < writers; w++) {
                shares.get(w).add(split.get(w));
            }
        }
        ExecutorService threads = Executors.newFixedThreadPool(writers);
        try {
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (List<List<DocumentUpsert>> share : shares) {
                running.add(threads.submit(() -> {
                    VectorlineSinkLoad.write(store.url(), store.layout(), append, share);
                    return null;
                }));
            }
            for (Future<?> writer : running) {
                writer.get();
            }
            return (System.nanoTime() - started) / 1e9;
        } finally {
            threads.shutdownNow();
        }
    }

    private String endToEnd(Map<String, String> urls) throws Exception {
        StringBuilder table = new StringBuilder("## The job end to end\n\n").append(e2eDocuments)
                .append(" documents of the embedding benchmark's corpus (seed 42, 200 tenants) published first, then"
                        + " `vectorline run` (model ").append(ModelResources.MODEL.model().spec().id())
                .append(", -Xmx1g, its default parallelism) started in a child JVM and timed until the store holds"
                        + " every document. Steady = from the first stored documents to the last (start-up"
                        + " excluded).\n\n")
                .append("| target | wall s | steady documents/s | steady chunks/s |\n|---|---|---|---|\n");
        Map<String, Double> rates = new LinkedHashMap<>();
        try (ModelTokenizer tokenizer = new ModelTokenizer(ModelResources.files(),
                ModelResources.MODEL.model().spec().maxTokens())) {
            for (Map.Entry<String, String> target : urls.entrySet()) {
                EndToEndRun run = new EndToEndRun(new EndToEndRun.Settings(
                        dimensions -> ExistingStore.emptied(target.getValue(), dimensions), bootstrapServers,
                        jobClasspath, "1g", Path.of("benchmarks/conf/log4j2-ingest-child.properties"), 0, List.of(),
                        4, Duration.ofMinutes(30), Path.of("benchmarks/target")),
                        new CorpusGenerator(42, 200), tokenizer);
                EndToEndResult result = run.run(e2eDocuments, false);
                rates.put(target.getKey(), result.documentsPerSecond());
                table.append(String.format("| %s | %.1f | %.1f | %.1f |%n", target.getKey(), result.wallSeconds(),
                        result.documentsPerSecond(), result.steady().chunksPerSecond()));
            }
        }
        List<String> names = new ArrayList<>(rates.keySet());
        for (int i = 1; i < names.size(); i++) {
            table.append(String.format("%nSteady documents/s, %s / %s: %.2f%n", names.get(i), names.get(0),
                    rates.get(names.get(i)) / rates.get(names.get(0))));
        }
        return table.append('\n').toString();
    }
}

package io.vectorline.bench;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.jdbc.PgConnections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The sink's upsert path with 1, 2 and 4 writers at once, as parallel sink subtasks write, each on
 * its own tenants and connection, into one store per target (one node, or a Citus coordinator):
 * rows/s per writer count and its ratio to one writer, measured side by side in one run. The
 * store's tables are emptied before every load.
 */
@Command(name = "concurrent-writers", mixinStandardHelpOptions = true,
        description = "Upsert-path rows/s with concurrent writers on one node and on Citus.")
public final class ConcurrentWritersBenchmark implements Callable<Integer> {
    @Option(names = "--target", required = true, paramLabel = "NAME=JDBC_URL",
            description = "A store to load, e.g. one-node=jdbc:… citus=jdbc:… (repeatable; migrated first).")
    List<String> targets;

    @Option(names = "--rows", description = "Chunks per load (default: ${DEFAULT-VALUE}).")
    int rows = 40_000;

    @Option(names = "--writers", split = ",", description = "Writer counts (default: ${DEFAULT-VALUE}).")
    List<Integer> writerCounts = List.of(1, 2, 4);

    @Option(names = "--rounds", description = "Rounds; medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--out", description = "Markdown results (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("benchmarks/results/concurrent-writers.md");

    private static final int DIMENSIONS = 384;
    private static final int CHUNKS_PER_FLUSH = 2_000;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConcurrentWritersBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        SinkRows data = SinkRows.generate(rows, CHUNKS_PER_FLUSH, DIMENSIONS);
        StringBuilder report = new StringBuilder("# Concurrent writers\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on ").append(SinkBenchmark.machine()).append("; ").append(rows).append(" chunks (").append(DIMENSIONS)
                .append(" dimensions, ").append(SinkRows.TENANTS).append(" tenants) per load through the upsert"
                        + " path (binary COPY into staging + merge), flushes of up to ").append(CHUNKS_PER_FLUSH)
                .append(" chunks; each writer its own tenants and connection; median of ").append(rounds)
                .append(" rounds, run one after another for each target and writer count. Every process (the"
                        + " client, PostgreSQL, the three Citus nodes) shares the same cores.\n\n")
                .append("| target | writers | median s | rows/s | vs 1 writer |\n|---|---|---|---|---|\n");
        for (String target : targets) {
            String name = target.substring(0, target.indexOf('='));
            String url = target.substring(target.indexOf('=') + 1);
            StoreLayout layout = StoreSchema.migrate(url, new StoreSettings(DIMENSIONS, StoreSettings.DEFAULT_PARTITIONS));
            double single = 0;
            for (int writers : writerCounts) {
                double[] seconds = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    seconds[round] = load(url, layout, data, writers);
                    System.out.printf("%s (%s), %d writers, round %d: %.2f s%n", name, layout, writers, round + 1,
                            seconds[round]);
                }
                double median = Median.of(seconds);
                single = writers == 1 ? median : single;
                report.append(String.format("| %s (%s) | %d | %.2f | %,.0f | %s |%n", name, layout, writers, median,
                        rows / median, single > 0 ? String.format("%.2f", single / median) : "–"));
            }
        }
        report.append("\nCommand: `benchmarks/run-concurrent-writers ").append(String.join(" ", targets.stream()
                .map(t -> "--target " + t.substring(0, t.indexOf('=')) + "=…").toList())).append("`\n");
        Files.writeString(out, report);
        System.out.print(report);
        return 0;
    }

    /** Empties the tables, then loads with {@code writers} writers at once; returns the seconds. */
    private static double load(String url, StoreLayout layout, SinkRows data, int writers) throws Exception {
        try (Connection connection = PgConnections.open(url); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE documents, chunks");
        }
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
                split.get(Integer.parseInt(document.tenantId().substring("tenant-".length())) % writers).add(document);
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
                    VectorlineSinkLoad.write(url, layout, false, share);
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
}

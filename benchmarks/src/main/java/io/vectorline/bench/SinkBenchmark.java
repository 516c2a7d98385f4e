package io.vectorline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Sink-only load speed, side by side in one run: Vectorline's writer (upsert and append paths)
 * against psql running the same statements, psql's raw binary {@code \copy}, tuned JDBC batched
 * upserts and LangChain4j's {@code PgVectorEmbeddingStore}; without an index, and with HNSW
 * present. Methods alternate within each round on a fresh database each; medians are reported.
 */
@Command(name = "sink-benchmark", mixinStandardHelpOptions = true)
public final class SinkBenchmark implements Callable<Integer> {
    @Option(names = "--jdbc-url", required = true, description = "Admin URL; databases are created beside it.")
    String adminUrl;

    @Option(names = "--rows", description = "Chunks loaded without an index (default: ${DEFAULT-VALUE}).")
    int rows = 100_000;

    @Option(names = "--hnsw-rows", description = "Chunks loaded into tables with HNSW (default: ${DEFAULT-VALUE}).")
    int hnswRows = 10_000;

    @Option(names = "--batch-chunks", description = "Chunks per flush/transaction (default: ${DEFAULT-VALUE}).")
    int batchChunks = 2_000;

    @Option(names = "--rounds", description = "Rounds; medians are reported (default: ${DEFAULT-VALUE}).")
    int rounds = 3;

    @Option(names = "--dimensions", description = "Vector dimension (default: ${DEFAULT-VALUE}).")
    int dimensions = 384;

    @Option(names = "--out", description = "Markdown results file (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("benchmarks/results/sink.md");

    public static void main(String[] args) {
        System.exit(new CommandLine(new SinkBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        StringBuilder report = new StringBuilder();
        report.append("# Sink load speed\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on ").append(machine()).append(", PostgreSQL ")
                .append(serverVersion()).append(", fsync on; ").append(rows).append(" chunks (")
                .append(dimensions).append(" dimensions, 600 characters of text, 20 tenants, 10 chunks a document) ")
                .append("in transactions of ").append(batchChunks).append(" chunks; median of ").append(rounds)
                .append(" rounds, methods alternating, a fresh database for every load.\n\n");
        report.append(measure("No index", rows, false));
        report.append(measure("HNSW index present (" + hnswRows + " chunks)", hnswRows, true));
        report.append("Command: `benchmarks/run-sink --rows ").append(rows).append(" --hnsw-rows ").append(hnswRows)
                .append(" --rounds ").append(rounds).append("`\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        return 0;
    }

    private String measure(String title, int chunks, boolean hnsw) throws Exception {
        SinkRows data = SinkRows.generate(chunks, batchChunks, dimensions);
        PsqlFiles files = PsqlFiles.export(adminUrl, data);
        try {
            List<LoadMethod> methods = List.of(
                    new VectorlineSinkLoad(false),
                    new VectorlineSinkLoad(true),
                    new PsqlLoad(true, files),
                    new PsqlLoad(false, files),
                    new JdbcUpsertLoad(),
                    new LangChain4jStoreLoad(hnsw));
            Map<LoadMethod, double[]> seconds = new LinkedHashMap<>();
            methods.forEach(m -> seconds.put(m, new double[rounds]));
            for (int round = 0; round < rounds; round++) {
                List<LoadMethod> order = new ArrayList<>(methods);
                Collections.rotate(order, round);
                for (LoadMethod method : order) {
                    seconds.get(method)[round] = timeOne(method, data, hnsw);
                    System.err.printf("%s, round %d: %s %.2f s%n", title, round + 1, method.name(),
                            seconds.get(method)[round]);
                }
            }
            return table(title, data, seconds);
        } finally {
            files.delete();
        }
    }

    private double timeOne(LoadMethod method, SinkRows data, boolean hnsw) throws Exception {
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_load", dimensions, hnsw)) {
            long started = System.nanoTime();
            method.load(database, data);
            double elapsed = (System.nanoTime() - started) / 1e9;
            long loaded = countLoaded(database, method);
            if (loaded != data.chunks()) {
                throw new IllegalStateException(method.name() + " loaded " + loaded + " of " + data.chunks() + " rows");
            }
            return elapsed;
        }
    }

    private static long countLoaded(BenchDatabase database, LoadMethod method) throws Exception {
        String table = method instanceof LangChain4jStoreLoad ? "lc4j_embeddings" : "chunks";
        try (Connection connection = DriverManager.getConnection(database.url());
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String table(String title, SinkRows data, Map<LoadMethod, double[]> seconds) {
        Map<String, Double> rowsPerSecond = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder("## ").append(title).append("\n\n")
                .append("| method | what it runs | median s | rows/s |\n|---|---|---|---|\n");
        seconds.forEach((method, times) -> {
            double median = Median.of(times);
            double rate = data.chunks() / median;
            rowsPerSecond.put(method.name(), rate);
            table.append(String.format("| %s | %s | %.2f | %,.0f |%n", method.name(), method.description(), median,
                    rate));
        });
        double upsert = rowsPerSecond.get("vectorline upsert path");
        double append = rowsPerSecond.get("vectorline append path");
        table.append("\nRatios: upsert path / psql with the same statements = ")
                .append(ratio(upsert, rowsPerSecond.get("psql, the sink's statements")))
                .append("; append path / psql raw binary \\copy = ")
                .append(ratio(append, rowsPerSecond.get("psql raw binary \\copy")))
                .append("; upsert path / JDBC batched INSERT ON CONFLICT = ")
                .append(ratio(upsert, rowsPerSecond.get("JDBC batched INSERT ON CONFLICT")))
                .append("; upsert path / LangChain4j PgVectorEmbeddingStore = ")
                .append(ratio(upsert, rowsPerSecond.get("LangChain4j PgVectorEmbeddingStore")))
                .append(".\n\n");
        return table.toString();
    }

    private static String ratio(double a, double b) {
        return String.format("%.2f", a / b);
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap, Java "
                + System.getProperty("java.version");
    }

    private String serverVersion() throws Exception {
        try (Connection connection = DriverManager.getConnection(adminUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT current_setting('server_version') || ' / pgvector ' || extversion"
                                + " FROM pg_extension WHERE extname = 'vector'")) {
            return rs.next() ? rs.getString(1) : "unknown";
        }
    }
}

package io.vectorline.bench.backfill;

import io.vectorline.bench.BenchDatabase;
import io.vectorline.bench.StoredRows;
import io.vectorline.bench.embedding.ModelResources;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.OnnxEmbedder;
import io.vectorline.store.VectorIndexes;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.util.List;

/**
 * A large backfill against the embedder alone on the very chunks it embedded: into tables without
 * an index, into tables whose HNSW indexes exist (a live store's normal state), and with the index
 * built after the load instead; then the sink alone with those rows, with and without the index,
 * so the store's limit at higher embedding speeds is known.
 */
final class ThroughputSection {
    private static final int DIMENSIONS = 384;
    private static final int EMBED_SLICE = 256;
    private static final int WARM_UP_TEXTS = 64;

    private final BackfillRuns runs;
    private final String adminUrl;
    private final int documents;

    ThroughputSection(BackfillRuns runs, String adminUrl, int documents) {
        this.runs = runs;
        this.adminUrl = adminUrl;
        this.documents = documents;
    }

    String measure(String topic) throws Exception {
        Loaded plain;
        double indexBuild;
        StoredRows rows;
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, false)) {
            plain = load(database, topic, "throughput-no-index");
            rows = StoredRows.read(database.url());
            long started = System.nanoTime();
            VectorIndexes.build(ConnectionFactory.of(database.url()), VectorIndexes.HnswSettings.defaults(), p -> {});
            indexBuild = (System.nanoTime() - started) / 1e9;
            log("HNSW built after the load in %.1f s", indexBuild);
        }
        double embedAlone = embedAlone(rows.texts());
        Loaded indexed;
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, true)) {
            indexed = load(database, topic, "throughput-hnsw");
        }
        double sinkPlain = sinkAlone(rows, false);
        double sinkIndexed = sinkAlone(rows, true);
        double embedDocuments = documents / embedAlone;
        return "## Throughput at " + String.format("%,d", documents) + " documents\n\nThe whole topic backfilled"
                + " unpaced into a fresh store; documents/s is the store's rate between 10 % and 90 % of the range"
                + " (start-up and the last flush excluded). Embed alone: the same " + String.format("%,d", rows.chunks())
                + " chunk texts, read back from the store, through `OnnxEmbedder` with the job's defaults in slices"
                + " of " + EMBED_SLICE + ", in this JVM: " + String.format("%.1f s, %.1f documents/s", embedAlone,
                        embedDocuments) + ".\n\n"
                + "| tables | seconds (start-up included) | documents/s | chunks embedded | / embed alone |\n"
                + "|---|---|---|---|---|\n"
                + row("no index", plain, embedDocuments)
                + row("HNSW indexes present (built on the empty tables)", indexed, embedDocuments)
                + String.format("%nDeferred index: the load without an index (%.1f s) and the HNSW indexes built"
                        + " after it (%.1f s, `vectorline index build`) took %.1f s against %.1f s with the index"
                        + " maintained during the load: %.2f of the time.%n%n", plain.summary().seconds(), indexBuild,
                        plain.summary().seconds() + indexBuild, indexed.summary().seconds(),
                        (plain.summary().seconds() + indexBuild) / indexed.summary().seconds())
                + String.format("Sink alone, the same %,d documents and %,d chunks (real vectors) written by the"
                        + " sink's writer in flushes of %,d chunks into a fresh store: %.1f s without an index"
                        + " (%,.0f chunks/s), %.1f s with HNSW indexes present (%,.0f chunks/s, %.1f× the embedder"
                        + " alone's %,.0f chunks/s).%n%n", documents, rows.chunks(), StoredRows.CHUNKS_PER_FLUSH,
                        sinkPlain, rows.chunks() / sinkPlain, sinkIndexed, rows.chunks() / sinkIndexed,
                        embedAlone / sinkIndexed, rows.chunks() / embedAlone);
    }

    private record Loaded(BackfillRuns.Summary summary, double documentsPerSecond) {}

    private Loaded load(BenchDatabase database, String topic, String name) throws Exception {
        try (StoredCount stored = new StoredCount(database.url())) {
            BackfillRuns.Summary summary = runs.run(database.url(), topic, name);
            double rate = stored.rateBetween(0.1 * documents, 0.9 * documents);
            log("%s: %s, %.1f documents/s", name, summary, rate);
            return new Loaded(summary, rate);
        }
    }

    private static String row(String tables, Loaded loaded, double embedDocuments) {
        return String.format("| %s | %.1f | %.1f | %,d | %.2f |%n", tables, loaded.summary().seconds(),
                loaded.documentsPerSecond(), loaded.summary().embeddedChunks(),
                loaded.documentsPerSecond() / embedDocuments);
    }

    /** Seconds to embed the texts, after a short warm-up, as the job's embedder does. */
    private static double embedAlone(List<String> texts) {
        try (OnnxEmbedder embedder = OnnxEmbedder.open(ModelResources.MODEL.model(), EmbedderOptions.defaults())) {
            embedder.embed(texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size())));
            long started = System.nanoTime();
            for (int from = 0; from < texts.size(); from += EMBED_SLICE) {
                embedder.embed(texts.subList(from, Math.min(from + EMBED_SLICE, texts.size())));
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            log("embed alone: %d texts in %.1f s", texts.size(), seconds);
            return seconds;
        }
    }

    private double sinkAlone(StoredRows rows, boolean hnsw) throws Exception {
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, hnsw)) {
            long started = System.nanoTime();
            rows.write(database.url());
            double seconds = (System.nanoTime() - started) / 1e9;
            log("sink alone%s: %.1f s", hnsw ? " with HNSW" : "", seconds);
            return seconds;
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf("backfill-benchmark: " + format + "%n", args);
    }
}

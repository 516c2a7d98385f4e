package io.vectorline.bench.backfill;

import io.vectorline.bench.BenchDatabase;
import io.vectorline.bench.embedding.DocumentProducer;
import io.vectorline.bench.embedding.IngestChild;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The live job's latency while a backfill runs unpaced beside it: {@code vectorline run} in a JVM
 * of its own with live documents arriving at a steady rate, first alone, then while a backfill of
 * the bulk topic runs in another JVM into the same store (HNSW indexes present, as in a live store).
 */
final class LiveLatencySection {
    private static final int DIMENSIONS = 384;
    private static final Duration WARM_UP = Duration.ofSeconds(15);
    private static final Duration SETTLE = Duration.ofSeconds(5);

    /** The live job's load and settings while it is measured. */
    record Condition(double documentsPerSecond, String... liveArgs) {
        String description() {
            return documentsPerSecond + " documents/s" + (liveArgs.length == 0 ? ", default settings"
                    : ", " + String.join(" ", liveArgs));
        }
    }

    private record Measured(Condition condition, LiveLatency.Percentiles idle, LiveLatency.Percentiles during,
            double backfillSeconds) {}

    private final BackfillRuns runs;
    private final String adminUrl;
    private final Duration idle;

    LiveLatencySection(BackfillRuns runs, String adminUrl, Duration idle) {
        this.runs = runs;
        this.adminUrl = adminUrl;
        this.idle = idle;
    }

    String measure(String bulkTopic, int bulkDocuments, List<Condition> conditions) throws Exception {
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            measured.add(measure(bulkTopic, "latency-" + i, conditions.get(i)));
        }
        StringBuilder section = new StringBuilder("## Live latency beside an unpaced backfill\n\n`vectorline run` in"
                + " a JVM of its own (1 GiB heap) ingests new documents of one tenant at a steady rate into a fresh"
                + " store with HNSW indexes. A document's latency runs from its Kafka timestamp"
                + " (sent) to the first poll of the store (every 50 ms) that sees it committed. Idle: the "
                + idle.toSeconds() + " s before the backfill starts, after a " + WARM_UP.toSeconds() + " s warm-up."
                + " During: the documents sent from the backfill's start (its JVM's start-up included) to its end;"
                + " the backfill replays " + String.format("%,d", bulkDocuments) + " documents of other tenants,"
                + " unpaced, in a JVM of its own, into the same store.\n\n"
                + "| live job | idle p50 / p99 ms | during p50 / p99 ms | during / idle p99 | backfill s |\n"
                + "|---|---|---|---|---|\n");
        for (Measured m : measured) {
            section.append(String.format("| %s | %.0f / %.0f (%d) | %.0f / %.0f (%d) | %.2f | %.1f |%n",
                    m.condition().description(), m.idle().p50(), m.idle().p99(), m.idle().count(), m.during().p50(),
                    m.during().p99(), m.during().count(), m.during().p99() / m.idle().p99(), m.backfillSeconds()));
        }
        return section.append("\nIn brackets: live documents measured.\n\n").toString();
    }

    private Measured measure(String bulkTopic, String name, Condition condition) throws Exception {
        DocumentProducer producer = new DocumentProducer(runs.bootstrapServers());
        String liveTopic = "vl-bench-live-" + System.currentTimeMillis();
        producer.createTopic(liveTopic, 4);
        try (BenchDatabase database = BenchDatabase.create(adminUrl, "vl_bench_backfill", DIMENSIONS, true);
                IngestChild live = IngestChild.start("1g", System.getProperty("java.class.path"),
                        Path.of("benchmarks", "conf", "log4j2-ingest-child.properties"),
                        liveArgs(database.url(), liveTopic, List.of(condition.liveArgs())),
                        Path.of("benchmarks", "target", "backfill-" + name + "-live.log"));
                LiveLatency latency = new LiveLatency(producer, liveTopic, database.url(), condition.documentsPerSecond())) {
            latency.awaitFirst(live::requireAlive);
            Thread.sleep(WARM_UP.toMillis());
            Instant idleFrom = Instant.now();
            Thread.sleep(idle.toMillis());
            Instant idleTo = Instant.now();
            Process backfill = runs.child(database.url(), bulkTopic, name);
            while (backfill.isAlive()) {
                live.requireAlive();
                Thread.sleep(200);
            }
            Instant ended = Instant.now();
            if (backfill.exitValue() != 0) {
                throw new IllegalStateException("the backfill failed; see " + BackfillRuns.log(name));
            }
            Thread.sleep(SETTLE.toMillis());
            Measured measured = new Measured(condition, latency.between(idleFrom, idleTo),
                    latency.between(idleTo, ended), Duration.between(idleTo, ended).toMillis() / 1e3);
            log("%s: idle %s; during %s", condition.description(), measured.idle(), measured.during());
            return measured;
        } finally {
            producer.deleteTopics(List.of(liveTopic, liveTopic + ".dead-letter"));
        }
    }

    private List<String> liveArgs(String jdbcUrl, String liveTopic, List<String> more) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", runs.bootstrapServers(), "--jdbc-url",
                jdbcUrl, "--topic", liveTopic, "--dead-letter-topic", liveTopic + ".dead-letter", "--group-id",
                liveTopic, "--create-topics", "--chunk-tokens", "126", "--overlap-tokens", "0"));
        args.addAll(more);
        return args;
    }

    private static void log(String format, Object... args) {
        System.err.printf("backfill-benchmark: " + format + "%n", args);
    }
}

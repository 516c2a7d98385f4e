package io.vectorline.bench.embedding;

import io.vectorline.bench.BenchStore;
import io.vectorline.embedder.ModelTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * (d) Kafka -> Flink -> PostgreSQL with the real job: a fresh store and topic, the corpus
 * published first, then {@code vectorline run} started in a child JVM, timed until PostgreSQL holds
 * every document. Optionally, in the same running job, the corpus again unchanged (version + 1) and
 * with one paragraph edited per document (version + 2).
 */
public final class EndToEndRun {
    /** How to reach the services and how to start the job. */
    public record Settings(BenchStore.Source stores, String bootstrapServers, String classpath, String heap, Path logConfig,
            int parallelism, List<String> extraRunArgs, int topicPartitions, Duration timeout, Path logDir) {}

    private final Settings settings;
    private final CorpusGenerator corpus;
    private final ModelTokenizer tokenizer;
    private final DocumentProducer producer;

    public EndToEndRun(Settings settings, CorpusGenerator corpus, ModelTokenizer tokenizer) {
        this.settings = settings;
        this.corpus = corpus;
        this.tokenizer = tokenizer;
        this.producer = new DocumentProducer(settings.bootstrapServers());
    }

    public EndToEndResult run(int size, boolean laterPhases) throws Exception {
        List<Document> documents = corpus.documents(size);
        ChunkTally toEmbed = ChunkTally.of(documents, tokenizer);
        String run = "vl-bench-e2e-" + size + "-" + System.currentTimeMillis();
        String topic = run;
        String deadLetters = topic + ".dead-letter";
        try (BenchStore database = settings.stores().open(ModelResources.MODEL.model().spec().dimensions())) {
            log("%,d documents, %,d chunks, %,d tokens; store %s, topic %s", size, toEmbed.chunks(),
                    toEmbed.tokens(), database.url().replaceAll("password=[^&]*", "password=…"), topic);
            producer.createTopic(topic, settings.topicPartitions());
            try {
                long publishStart = System.nanoTime();
                producer.publish(topic, documents, 1);
                log("published in %.1f s; starting the job", seconds(publishStart, System.nanoTime()));
                long started = System.nanoTime();
                try (IngestChild child = IngestChild.start(settings.heap(), settings.classpath(), settings.logConfig(),
                                runArgs(database.url(), topic, deadLetters, run),
                                settings.logDir().resolve("embedding-e2e-" + size + ".log"));
                        StoredDocuments stored = new StoredDocuments(database.url())) {
                    StoredDocuments.Landed ingest = stored.await(1, size, child, settings.timeout());
                    long rssAfterIngest = child.peakRssKiB();
                    long liveHeap = child.liveHeapKiB();
                    long storedChunks = stored.storedChunks();
                    if (storedChunks != toEmbed.chunks()) {
                        throw new IllegalStateException("the job stored " + storedChunks + " chunks, the chunker makes "
                                + toEmbed.chunks() + ": is it chunking with other settings?");
                    }
                    double wall = seconds(started, ingest.doneNanos());
                    EndToEndResult.Steady steady = new EndToEndResult.Steady(
                            seconds(ingest.firstNanos(), ingest.doneNanos()),
                            size - ingest.firstDocuments(), toEmbed.chunks() - ingest.firstChunks());
                    log("ingested: %.1f s from the child's start; then %,d documents in the %.1f s after the first"
                            + " were stored (%.1f documents/s); VmHWM %,d MiB; live heap %,d MiB", wall, steady.documents(),
                            steady.seconds(), steady.documentsPerSecond(), rssAfterIngest >> 10, liveHeap >> 10);
                    Optional<JobCounters> counters = counters(child);
                    Map<String, Long> afterIngest = read(counters);
                    List<EndToEndResult.Phase> phases = new ArrayList<>();
                    if (laterPhases) {
                        Map<String, Long> before = afterIngest;
                        phases.add(phase("re-publish, bodies unchanged", 2, documents, ChunkTally.NONE, topic,
                                stored, child, counters, before));
                        before = add(before, phases.get(0).counterDeltas());
                        List<Document> edited = documents.stream().map(corpus::edited).toList();
                        phases.add(phase("edit, one paragraph per document", 3, edited,
                                ChunkTally.changed(documents, edited, tokenizer), topic, stored, child, counters,
                                before));
                    }
                    return new EndToEndResult(size, toEmbed, wall, steady, afterIngest, rssAfterIngest, liveHeap,
                            child.peakRssKiB(), phases);
                }
            } finally {
                producer.deleteTopics(List.of(topic, deadLetters));
            }
        }
    }

    private EndToEndResult.Phase phase(String name, long version, List<Document> documents, ChunkTally leastToEmbed,
            String topic, StoredDocuments stored, IngestChild child, Optional<JobCounters> counters,
            Map<String, Long> before) throws Exception {
        long started = System.nanoTime();
        producer.publish(topic, documents, version);
        double publish = seconds(started, System.nanoTime());
        StoredDocuments.Landed landed = stored.await(version, documents.size(), child, settings.timeout());
        double elapsed = seconds(started, landed.doneNanos());
        log("%s: %.1f s (publishing %.1f s of it)", name, elapsed, publish);
        Map<String, Long> after = read(counters);
        Map<String, Long> deltas = new HashMap<>();
        after.forEach((counter, value) -> deltas.put(counter, value - before.getOrDefault(counter, 0L)));
        return new EndToEndResult.Phase(name, version, elapsed, publish, deltas, leastToEmbed);
    }

    private List<String> runArgs(String jdbcUrl, String topic, String deadLetters, String group) {
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap-servers", settings.bootstrapServers(),
                "--jdbc-url", jdbcUrl,
                "--topic", topic,
                "--dead-letter-topic", deadLetters,
                "--group-id", group,
                "--model", ModelResources.MODEL.model().spec().id(),
                "--chunk-tokens", Integer.toString(Passages.CHUNKING.chunkTokens()),
                "--overlap-tokens", Integer.toString(Passages.CHUNKING.overlapTokens()),
                "--create-topics",
                "--topic-partitions", Integer.toString(settings.topicPartitions())));
        if (settings.parallelism() > 0) {
            args.addAll(List.of("--parallelism", Integer.toString(settings.parallelism())));
        }
        args.addAll(settings.extraRunArgs());
        return args;
    }

    private static Optional<JobCounters> counters(IngestChild child) throws IOException {
        Optional<JobCounters> counters = child.restAddress().map(JobCounters::new);
        if (counters.isEmpty()) {
            log("the job's REST address is not in its log: its counters are not reported");
        }
        return counters;
    }

    /** Counters once settled, or none when the job exposes none or cannot be asked. */
    private static Map<String, Long> read(Optional<JobCounters> counters) throws InterruptedException {
        if (counters.isEmpty()) {
            return Map.of();
        }
        try {
            return counters.get().readSettled();
        } catch (IOException e) {
            log("cannot read the job's counters: %s", e.getMessage());
            return Map.of();
        }
    }

    private static Map<String, Long> add(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new HashMap<>(a);
        b.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return sum;
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static void log(String format, Object... args) {
        System.err.printf("e2e: " + format + "%n", args);
    }
}

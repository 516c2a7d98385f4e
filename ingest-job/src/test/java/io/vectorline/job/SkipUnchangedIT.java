package io.vectorline.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.pgvector.PGvector;
import io.vectorline.cli.DocumentsRetention;
import io.vectorline.cli.KafkaTopics;
import io.vectorline.embedder.Chunk;
import io.vectorline.embedder.Chunker;
import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.embedder.OnnxEmbedder;
import io.vectorline.job.embed.ChunkCounters;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Computing only what changed, end to end: re-publishing the same bodies under new versions
 * embeds nothing and rewrites no chunk; editing one paragraph per document embeds only the
 * chunks whose text is new, leaves the others as stored, and the final state equals a fresh
 * embedding of every document, bit for bit.
 */
class SkipUnchangedIT {
    private static final int DOCUMENTS = 60;
    private static final ChunkingOptions CHUNKING = ChunkingOptions.defaults();
    private static final EmbeddingModel MODEL = EmbeddingModel.DEFAULT.model();
    private static final String[] WORDS = ("vector tenant shard index query embedding model chunk stream kafka flink"
            + " postgres merge version replay checkpoint offset partition latency recall cosine distance the a of and"
            + " to in is for with on").split(" ");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(fastAccumulatorReports())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();
    private final Random random = new Random(7);

    private static Configuration fastAccumulatorReports() {
        Configuration configuration = new Configuration();
        configuration.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        return configuration;
    }

    @Test
    void republishingEmbedsNothingAndAnEditedParagraphOnlyItsChunks() throws Exception {
        String bootstrap = TestServices.kafkaBootstrapServers();
        String jdbcUrl = TestServices.freshDatabase("skip-unchanged");
        String topic = "documents-" + UUID.randomUUID();
        KafkaTopics.create(bootstrap, topic, JobConfig.deadLetterTopicFor(topic), 2, DocumentsRetention.COMPACT);
        Map<String, List<String>> first = new LinkedHashMap<>();
        for (int d = 0; d < DOCUMENTS; d++) {
            first.put("tenant-" + d % 3 + "/doc-" + d, IntStream.range(0, 6 + d % 5).mapToObj(p -> paragraph()).toList());
        }
        Map<String, List<String>> edited = new LinkedHashMap<>();
        first.forEach((id, paragraphs) -> {
            List<String> copy = new ArrayList<>(paragraphs);
            copy.set(id.hashCode() % 2 == 0 ? 1 : paragraphs.size() - 2, paragraph());
            edited.put(id, copy);
        });

        JobClient job = startJob(bootstrap, topic, jdbcUrl);
        try (OnnxEmbedder embedder = OnnxEmbedder.open(MODEL, EmbedderOptions.defaults())) {
            Chunker chunker = new Chunker(embedder.tokenizer(), CHUNKING, MODEL.spec());
            long firstChunks = first.values().stream().mapToLong(p -> chunks(chunker, p).size()).sum();

            publish(bootstrap, topic, first, 1);
            awaitVersions(jdbcUrl, 1);
            Map<String, Long> afterFirst = awaitCounters(job, firstChunks);
            assertThat(afterFirst.get(ChunkCounters.EMBEDDED_CHUNKS)).isEqualTo(firstChunks);

            publish(bootstrap, topic, first, 2);
            awaitVersions(jdbcUrl, 2);
            Map<String, Long> afterRepublish = awaitCounters(job, 2 * firstChunks);
            assertThat(afterRepublish.get(ChunkCounters.EMBEDDED_CHUNKS)).as("embedded on re-publish")
                    .isEqualTo(firstChunks);
            assertThat(afterRepublish.get(ChunkCounters.UNCHANGED_DOCUMENTS)).isEqualTo(DOCUMENTS);
            assertThat(chunkVersions(jdbcUrl)).as("chunk rows rewritten on re-publish").containsOnlyKeys(1L);

            long editedChunks = edited.values().stream().mapToLong(p -> chunks(chunker, p).size()).sum();
            long newTexts = 0;
            long untouched = 0;
            for (String id : first.keySet()) {
                List<String> before = chunks(chunker, first.get(id));
                List<String> after = chunks(chunker, edited.get(id));
                newTexts += after.stream().filter(text -> !before.contains(text)).count();
                untouched += IntStream.range(0, after.size())
                        .filter(i -> i < before.size() && before.get(i).equals(after.get(i))).count();
            }
            assertThat(newTexts).as("chunks an edited paragraph changes").isLessThan(editedChunks / 2);

            publish(bootstrap, topic, edited, 3);
            awaitVersions(jdbcUrl, 3);
            Map<String, Long> afterEdit = awaitCounters(job, 2 * firstChunks + editedChunks);
            assertThat(afterEdit.get(ChunkCounters.EMBEDDED_CHUNKS) - firstChunks).as("embedded after the edit")
                    .isEqualTo(newTexts);
            assertThat(chunkVersions(jdbcUrl).get(1L)).as("chunks left as stored").isEqualTo(untouched);
            assertStoredEqualsFreshEmbedding(jdbcUrl, edited, chunker, embedder);
            System.out.printf("skip-unchanged: %d documents, %d chunks; re-publish embedded 0 of %d; one edited"
                    + " paragraph each embedded %d of %d chunks and left %d untouched%n", DOCUMENTS, firstChunks,
                    firstChunks, newTexts, editedChunks, untouched);
        } finally {
            job.cancel().get();
        }
    }

    private JobClient startJob(String bootstrap, String topic, String jdbcUrl) throws Exception {
        JobConfig config = TestJobs.config(bootstrap, topic, jdbcUrl, 4, Duration.ofMillis(300))
                .chunking(CHUNKING)
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.build(env, config);
        return env.executeAsync("vectorline-skip-unchanged");
    }

    private String paragraph() {
        return IntStream.range(0, 30 + random.nextInt(30))
                .mapToObj(i -> WORDS[random.nextInt(WORDS.length)])
                .collect(Collectors.joining(" ")) + ".";
    }

    private static List<String> chunks(Chunker chunker, List<String> paragraphs) {
        return chunker.split(String.join("\n\n", paragraphs)).stream().map(Chunk::text).toList();
    }

    private void publish(String bootstrap, String topic, Map<String, List<String>> documents, long version)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            documents.forEach((id, paragraphs) -> {
                String[] parts = id.split("/");
                DocumentKey key = DocumentKey.newBuilder().setTenantId(parts[0]).setDocId(parts[1]).build();
                DocumentEvent event = DocumentEvent.newBuilder()
                        .setTenantId(parts[0]).setDocId(parts[1]).setVersion(version).setTitle(parts[1])
                        .setBody(String.join("\n\n", paragraphs)).setMetadata(Map.of("v", Long.toString(version)))
                        .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + version)).build();
                acks.add(producer.send(new ProducerRecord<>(topic, keys.encode(key), events.encode(event))));
            });
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    private static void awaitVersions(String jdbcUrl, long version) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long stored = -1;
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM documents WHERE version = " + version)) {
                rs.next();
                stored = rs.getLong(1);
            } catch (SQLException e) {
                // the tables appear when the job first opens
            }
            if (stored == DOCUMENTS) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(stored + " of " + DOCUMENTS + " documents reached version " + version);
    }

    /** The job's counters once the embedded and skipped chunks add up to {@code chunks}. */
    private static Map<String, Long> awaitCounters(JobClient job, long chunks) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        Map<String, Long> counters = Map.of();
        while (System.nanoTime() < deadline) {
            counters = new HashMap<>();
            for (Map.Entry<String, Object> entry : job.getAccumulators().get().entrySet()) {
                counters.put(entry.getKey(), ((Number) entry.getValue()).longValue());
            }
            if (counters.getOrDefault(ChunkCounters.EMBEDDED_CHUNKS, 0L)
                    + counters.getOrDefault(ChunkCounters.SKIPPED_CHUNKS, 0L) == chunks) {
                return counters;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("counters " + counters + " never added up to " + chunks + " chunks");
    }

    private static Map<Long, Long> chunkVersions(String jdbcUrl) throws SQLException {
        Map<Long, Long> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, count(*) FROM chunks GROUP BY version")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getLong(2));
            }
        }
        return rows;
    }

    private static void assertStoredEqualsFreshEmbedding(String jdbcUrl, Map<String, List<String>> documents,
            Chunker chunker, OnnxEmbedder embedder) throws SQLException {
        Map<String, List<String>> texts = new HashMap<>();
        Map<String, List<float[]>> vectors = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT tenant_id, doc_id, content, embedding::text FROM chunks ORDER BY 1, 2, chunk_no")) {
            while (rs.next()) {
                String id = rs.getString(1) + "/" + rs.getString(2);
                texts.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(3));
                vectors.computeIfAbsent(id, k -> new ArrayList<>()).add(new PGvector(rs.getString(4)).toArray());
            }
        }
        assertThat(texts.keySet()).containsExactlyInAnyOrderElementsOf(documents.keySet());
        documents.forEach((id, paragraphs) -> {
            List<String> expected = chunks(chunker, paragraphs);
            assertThat(texts.get(id)).as("chunks of %s", id).containsExactlyElementsOf(expected);
            float[][] fresh = embedder.embed(expected);
            for (int i = 0; i < fresh.length; i++) {
                assertThat(vectors.get(id).get(i)).as("vector %d of %s", i, id).containsExactly(fresh[i]);
            }
        });
    }
}

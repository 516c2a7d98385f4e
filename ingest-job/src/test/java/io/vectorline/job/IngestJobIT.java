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
import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.job.decode.DecodeFunction;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import io.vectorline.store.ChunkSearch;
import io.vectorline.store.Tenants;
import io.vectorline.testing.CitusCluster;
import io.vectorline.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end on real services: a Kafka broker, a Flink MiniCluster running the job, the ONNX
 * model and PostgreSQL with pgvector. Publishes 500+ documents of 20 tenants with updates,
 * stale versions, tombstones and poison records into the running job, then checks the exact
 * database state and the dead-letter topic.
 */
class IngestJobIT {
    private static final int TENANTS = 20;
    private static final int DOCS_PER_TENANT = 28;
    /** The first half of the documents' first versions, published before the rest. */
    private static final int FIRST_HALF = TENANTS * DOCS_PER_TENANT / 2;
    private static final int MAX_BODY_CHARS = 20_000;
    private static final ChunkingOptions CHUNKING = ChunkingOptions.defaults();
    private static final EmbeddingModel MODEL = EmbeddingModel.DEFAULT.model();
    /** A tenant whose documents all come first and never again: the one a test may erase mid-ingest. */
    private static final String ERASED_TENANT = "tenant-erased";
    private static final int ERASED_DOCUMENTS = 3;

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.oneTaskManager();

    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();
    private final Random random = new Random(42);

    /** What the test sent, in order; the oracle folds it into the expected state. */
    private final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();
    private final Map<String, DocumentEvent> expected = new LinkedHashMap<>();
    /** The version each deleted document had: only a newer one creates it again. */
    private final Map<String, Long> deletedVersions = new HashMap<>();
    private final Map<String, String> poisonReasons = new HashMap<>();

    /**
     * What happens to the running job after the first half of the events has been published; it
     * publishes the second half with {@code publishRest}.
     */
    private interface Disruption {
        void during(String jdbcUrl, JobID job, Publisher publishRest) throws Exception;
    }

    private interface Publisher {
        void publish() throws Exception;
    }

    @Test
    void ingestsUpdatesDeletesAndDeadLettersExactly() throws Exception {
        runAndVerify("e2e", TestServices.freshDatabase("e2e"), (jdbcUrl, job, publishRest) -> publishRest.publish());
    }

    /**
     * The same events into the Citus layout end in the same state as on one node, also when a
     * worker crashes mid-ingest (on the local cluster, which the test can restart).
     */
    @Test
    @EnabledIf(value = "io.vectorline.testing.CitusCluster#available", disabledReason = CitusCluster.UNAVAILABLE)
    void ingestsIntoCitusExactlyThroughAWorkerCrash() throws Exception {
        runAndVerify("citus", CitusCluster.freshDatabase("e2e_citus"), (jdbcUrl, job, publishRest) -> {
            awaitStoredDocuments(jdbcUrl, FIRST_HALF / 2, Duration.ofMinutes(5));
            publishRest.publish();
            if (CitusCluster.local()) {
                CitusCluster.restartWorker(1);
            }
        });
    }

    /**
     * While the job ingests into Citus and a client searches: a tenant is erased, workers join,
     * a tenant moves to a shard of its own and then to a chosen worker, and the cluster
     * rebalances. No search fails or comes back empty, and the end state is exact.
     */
    @Test
    @EnabledIf(value = "io.vectorline.testing.CitusCluster#available", disabledReason = CitusCluster.UNAVAILABLE)
    void tenantsErasedIsolatedPlacedAndRebalancedOnCitusWhileTheJobIngests(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        runAndVerify("tenants", CitusCluster.freshDatabaseOnOneWorker("e2e_tenants"), (jdbcUrl, job, publishRest) -> {
            awaitStoredDocuments(jdbcUrl, FIRST_HALF / 2, Duration.ofMinutes(5));
            awaitTenantStored(jdbcUrl, ERASED_TENANT);
            // a checkpoint past the erased tenant's records, so no failover can replay them
            long stored = System.currentTimeMillis();
            awaitCheckpointStats(cluster, job, "a checkpoint triggered after the erased tenant was stored",
                    stats -> stats.getHistory().getLatestCompletedCheckpoint() != null
                            && stats.getHistory().getLatestCompletedCheckpoint().getTriggerTimestamp() > stored);
            try (SearchLoop searches = new SearchLoop(jdbcUrl, "tenant-1");
                    Connection connection = DriverManager.getConnection(jdbcUrl)) {
                Tenants tenants = new Tenants(connection);
                Tenants.Erasure erasure = tenants.erase(ERASED_TENANT);
                assertThat(erasure.after().values()).containsOnly(0L);
                assertThat(erasure.erased()).isGreaterThanOrEqualTo(2 * ERASED_DOCUMENTS);
                expected.keySet().removeIf(id -> id.startsWith(ERASED_TENANT + "/"));

                publishRest.publish();
                assertThat(CitusCluster.addOtherWorkers(jdbcUrl)).isPositive();
                long own = tenants.isolate("tenant-3");
                String isolated = tenants.location("tenant-3");
                assertThat(isolated).startsWith(own + " on ");
                String target = otherWorker(connection, isolated.substring(isolated.indexOf(" on ") + 4));
                tenants.place("tenant-3", target.substring(0, target.lastIndexOf(':')),
                        Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)));
                assertThat(tenants.location("tenant-3")).isEqualTo(own + " on " + target);
                try (Statement statement = connection.createStatement()) {
                    // the staging tables are UNLOGGED, which logical replication cannot move
                    statement.execute("SELECT citus_rebalance_start(shard_transfer_mode => 'block_writes')");
                    // bounded: a rebalance whose background job cannot start (no worker process free) waits forever
                    statement.setQueryTimeout(300);
                    statement.execute("SELECT citus_rebalance_wait()");
                }
                assertThat(searches.stop()).as("searches while the tenants moved").isPositive();
                System.out.printf("tenants: moves done with %d of %d documents stored%n", storedDocuments(jdbcUrl),
                        expected.size());
            }
        });
    }

    /**
     * A TaskManager dies mid-ingest, after a checkpoint has completed and with writes in flight: the
     * job restarts from that checkpoint on a new one, replays from its offsets, and the database
     * ends exactly as without the loss.
     */
    @Test
    void aTaskManagerLostMidIngestChangesNothingInTheEnd(@InjectMiniCluster MiniCluster cluster) throws Exception {
        runAndVerify("failover", TestServices.freshDatabase("failover"), (jdbcUrl, job, publishRest) -> {
            awaitStoredDocuments(jdbcUrl, FIRST_HALF, Duration.ofMinutes(5));
            awaitCompletedCheckpoint(cluster, job);
            publishRest.publish();
            awaitStoredDocuments(jdbcUrl, FIRST_HALF + 40, Duration.ofMinutes(5));
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
            awaitCheckpointStats(cluster, job, "the job restores a checkpoint",
                    stats -> stats.getLatestRestoredCheckpoint() != null);
        });
    }

    /** A client searching one tenant until stopped: it may find nothing at first, never again once it has. */
    private static final class SearchLoop implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<Integer> searches;

        SearchLoop(String jdbcUrl, String tenant) {
            float[] query = new float[MODEL.spec().dimensions()];
            Arrays.fill(query, 0.05f);
            searches = thread.submit(() -> {
                int done = 0;
                boolean found = false;
                try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
                    ChunkSearch search = new ChunkSearch(connection);
                    while (running.get()) {
                        List<ChunkSearch.Hit> hits = search.topK(tenant, query, 3);
                        found |= !hits.isEmpty();
                        if (found) {
                            assertThat(hits).as("search %d of %s", done, tenant).hasSize(3);
                        }
                        done++;
                        Thread.sleep(20);
                    }
                }
                return done;
            });
        }

        /** Stops the loop, failing if a search failed; how many ran. */
        int stop() throws Exception {
            running.set(false);
            return searches.get(1, TimeUnit.MINUTES);
        }

        @Override
        public void close() {
            running.set(false);
            thread.shutdownNow();
        }
    }

    private static String otherWorker(Connection connection, String worker) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT nodename || ':' || nodeport FROM pg_dist_node"
                        + " WHERE groupid <> 0 ORDER BY nodeport")) {
            while (rs.next()) {
                if (!rs.getString(1).equals(worker)) {
                    return rs.getString(1);
                }
            }
        }
        throw new AssertionError("no worker other than " + worker);
    }

    private static void awaitTenantStored(String jdbcUrl, String tenant) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                    PreparedStatement statement = connection.prepareStatement(
                            "SELECT count(*) FROM documents WHERE tenant_id = ?")) {
                statement.setString(1, tenant);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == ERASED_DOCUMENTS) {
                        return;
                    }
                }
            }
            assertThat(System.nanoTime()).as("%s stored within 5 minutes", tenant).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void awaitCompletedCheckpoint(MiniCluster cluster, JobID job) throws Exception {
        awaitCheckpointStats(cluster, job, "a checkpoint completes",
                stats -> stats.getCounts().getNumberOfCompletedCheckpoints() > 0);
    }

    private static void awaitCheckpointStats(MiniCluster cluster, JobID job, String what,
            Predicate<CheckpointStatsSnapshot> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!done.test(cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot())) {
            assertThat(System.nanoTime()).as(what + " within 2 minutes").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void runAndVerify(String purpose, String jdbcUrl, Disruption disruption) throws Exception {
        String bootstrap = TestServices.kafkaBootstrapServers();
        String topic = "documents-" + UUID.randomUUID();
        String deadLetterTopic = JobConfig.deadLetterTopicFor(topic);
        // a compacted topic would refuse the poison record without a key
        KafkaTopics.create(bootstrap, topic, deadLetterTopic, 4, DocumentsRetention.DELETE);

        JobConfig config = TestJobs.config(bootstrap, topic, jdbcUrl, 8, Duration.ofMillis(500))
                .deadLetterTopic(deadLetterTopic)
                .chunking(CHUNKING)
                .checkpointInterval(Duration.ofSeconds(2))
                .maxBodyChars(MAX_BODY_CHARS)
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.build(env, config);
        JobClient job = env.executeAsync("vectorline-" + purpose);
        try {
            composeEvents(topic);
            long started = System.nanoTime();
            publish(bootstrap, sent.subList(0, FIRST_HALF));
            disruption.during(jdbcUrl, job.getJobID(), () -> publish(bootstrap, sent.subList(FIRST_HALF, sent.size())));
            awaitDocumentVersions(jdbcUrl, Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("%s: %d events (%d documents stored) landed in %.1f s: %.1f events/s%n", purpose,
                    sent.size(), expected.size(), seconds, sent.size() / seconds);

            assertChunksAndVectors(jdbcUrl);
            assertDeadLetters(bootstrap, deadLetterTopic);
        } finally {
            job.cancel().get();
        }
    }

    private static void awaitStoredDocuments(String jdbcUrl, int atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (storedDocuments(jdbcUrl) >= atLeast) {
                    return;
                }
            } catch (SQLException e) {
                // the tables appear when the sink first opens
            }
            Thread.sleep(100);
        }
        throw new AssertionError("fewer than " + atLeast + " documents stored within " + timeout);
    }

    private static int storedDocuments(String jdbcUrl) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM documents")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void composeEvents(String topic) {
        for (int d = 0; d < ERASED_DOCUMENTS; d++) {
            send(topic, event(ERASED_TENANT, "doc-" + d, 1, 30));
        }
        List<String> all = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            for (int d = 0; d < DOCS_PER_TENANT; d++) {
                String tenant = "tenant-" + t;
                String doc = "doc-" + d;
                // every seventh document is long enough for several chunks
                send(topic, event(tenant, doc, 10, d % 7 == 0 ? 700 : 20 + random.nextInt(120)));
                all.add(tenant + "/" + doc);
            }
        }
        for (int i = 0; i < all.size(); i += 9) {
            String[] id = all.get(i).split("/");
            // a shorter newer version: surplus chunks of the long ones must go
            send(topic, event(id[0], id[1], 11, 30));
            // older than what is stored: ignored
            send(topic, event(id[0], id[1], 10, 500));
        }
        for (int i = 4; i < all.size(); i += 13) {
            String[] id = all.get(i).split("/");
            send(topic, event(id[0], id[1], 9, 60));
        }
        for (int i = 2; i < all.size(); i += 19) {
            String[] id = all.get(i).split("/");
            sendTombstone(topic, id[0], id[1]);
        }
        sendPoison(topic, keys.encode(key("tenant-0", "poison-bytes")), "not json, not avro".getBytes(),
                "not Avro single-object encoding");
        sendPoison(topic, null, events.encode(eventOf("tenant-0", "poison-no-key", 1, "no key")), "no key");
        sendPoison(topic, keys.encode(key("tenant-1", "poison-schema")), keys.encode(key("a", "b")),
                "unknown writer schema fingerprint");
        sendPoison(topic, keys.encode(key("tenant-2", "poison-mismatch")),
                events.encode(eventOf("tenant-3", "other", 1, "wrong tenant")), "does not match");
        sendPoison(topic, keys.encode(key("tenant-4", "poison-huge")),
                events.encode(eventOf("tenant-4", "poison-huge", 1, "x ".repeat(MAX_BODY_CHARS))), "over the limit");
        sendPoison(topic, keys.encode(key("tenant-5", "poison-nul")),
                events.encode(eventOf("tenant-5", "poison-nul", 1, "text with a \u0000 inside")), "U+0000");
        // a good document after the poison still lands
        send(topic, event("tenant-0", "after-poison", 1, 40));
    }

    private DocumentEvent event(String tenant, String doc, long version, int words) {
        return eventOf(tenant, doc, version, text(words));
    }

    private static DocumentEvent eventOf(String tenant, String doc, long version, String body) {
        return DocumentEvent.newBuilder()
                .setTenantId(tenant)
                .setDocId(doc)
                .setVersion(version)
                .setTitle(doc.toUpperCase())
                .setBody(body)
                .setMetadata(Map.of("source", "it"))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + version))
                .build();
    }

    private static DocumentKey key(String tenant, String doc) {
        return DocumentKey.newBuilder().setTenantId(tenant).setDocId(doc).build();
    }

    private static final String[] WORDS = ("vector tenant shard index query embedding model chunk stream kafka flink "
            + "postgres merge version replay checkpoint offset partition latency throughput recall cosine distance "
            + "the a of and to in is for with on résumé naïve 42 2026").split(" ");

    private String text(int words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(i % 12 == 11 ? ". " : " ");
        }
        return text.toString().trim();
    }

    private void send(String topic, DocumentEvent event) {
        String id = event.getTenantId() + "/" + event.getDocId();
        sent.add(new ProducerRecord<>(topic, keys.encode(key(event.getTenantId(), event.getDocId())),
                events.encode(event)));
        DocumentEvent stored = expected.get(id);
        long newest = Math.max(stored == null ? Long.MIN_VALUE : stored.getVersion(),
                deletedVersions.getOrDefault(id, Long.MIN_VALUE));
        if (event.getVersion() > newest) {
            expected.put(id, event);
        }
    }

    private void sendTombstone(String topic, String tenant, String doc) {
        sent.add(new ProducerRecord<>(topic, keys.encode(key(tenant, doc)), null));
        DocumentEvent gone = expected.remove(tenant + "/" + doc);
        if (gone != null) {
            deletedVersions.put(tenant + "/" + doc, gone.getVersion());
        }
    }

    private void sendPoison(String topic, byte[] key, byte[] value, String reason) {
        sent.add(new ProducerRecord<>(topic, key, value));
        poisonReasons.put(new String(value, StandardCharsets.ISO_8859_1), reason);
    }

    private static void publish(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                acks.add(producer.send(record));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    private Map<String, Long> storedVersions(Connection connection) throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT tenant_id, doc_id, version FROM documents")) {
            while (rs.next()) {
                versions.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
            }
        }
        return versions;
    }

    private void awaitDocumentVersions(String jdbcUrl, Duration timeout) throws Exception {
        Map<String, Long> want = new HashMap<>();
        expected.forEach((id, event) -> want.put(id, event.getVersion()));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> got = Map.of();
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
                got = storedVersions(connection);
            } catch (SQLException e) {
                // the sink creates the tables on its first open; until then there is nothing to read
            }
            if (got.equals(want)) {
                return;
            }
            Thread.sleep(250);
        }
        assertThat(got).as("stored document versions").containsExactlyInAnyOrderEntriesOf(want);
    }

    private void assertChunksAndVectors(String jdbcUrl) throws SQLException {
        assertThat(expected.size()).as("documents stored").isGreaterThanOrEqualTo(500);
        assertThat(expected.keySet().stream().map(id -> id.split("/")[0]).distinct())
                .hasSizeGreaterThanOrEqualTo(TENANTS);
        Map<String, List<String>> storedContent = new HashMap<>();
        Map<String, List<float[]>> storedVectors = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT tenant_id, doc_id, chunk_no, version, content, embedding::text FROM chunks
                        ORDER BY tenant_id, doc_id, chunk_no""")) {
            while (rs.next()) {
                String id = rs.getString(1) + "/" + rs.getString(2);
                assertThat(rs.getInt(3)).as("chunk numbers of %s are dense", id)
                        .isEqualTo(storedContent.getOrDefault(id, List.of()).size());
                assertThat(rs.getLong(4)).as("chunk version of %s", id).isEqualTo(expected.get(id).getVersion());
                storedContent.computeIfAbsent(id, k -> new ArrayList<>()).add(rs.getString(5));
                storedVectors.computeIfAbsent(id, k -> new ArrayList<>()).add(new PGvector(rs.getString(6)).toArray());
            }
        }
        assertThat(storedContent.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        int multiChunk = 0;
        try (OnnxEmbedder embedder = OnnxEmbedder.open(MODEL, EmbedderOptions.defaults())) {
            Chunker chunker = new Chunker(embedder.tokenizer(), CHUNKING, MODEL.spec());
            for (Map.Entry<String, DocumentEvent> entry : expected.entrySet()) {
                List<String> chunks = chunker.split(entry.getValue().getBody()).stream().map(Chunk::text).toList();
                multiChunk += chunks.size() > 1 ? 1 : 0;
                assertThat(storedContent.get(entry.getKey())).as("chunks of %s", entry.getKey())
                        .containsExactlyElementsOf(chunks);
                float[][] vectors = embedder.embed(chunks);
                List<float[]> stored = storedVectors.get(entry.getKey());
                for (int i = 0; i < vectors.length; i++) {
                    assertThat(stored.get(i)).as("vector %d of %s", i, entry.getKey()).containsExactly(vectors[i]);
                }
            }
        }
        assertThat(multiChunk).as("documents with several chunks").isGreaterThan(40);
    }

    /** Each poison record dead-lettered exactly once, byte for byte, with its reason. */
    private void assertDeadLetters(String bootstrap, String deadLetterTopic) {
        Map<String, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : CommittedDeadLetters.exactly(bootstrap, deadLetterTopic,
                poisonReasons.size(), Duration.ofMinutes(2))) {
            assertThat(CommittedDeadLetters.header(letter, DeadLetter.STAGE)).isEqualTo(DecodeFunction.STAGE);
            reasons.put(new String(letter.value(), StandardCharsets.ISO_8859_1),
                    CommittedDeadLetters.header(letter, DeadLetter.REASON));
        }
        assertThat(reasons.keySet()).as("dead letters hold the original values")
                .containsExactlyInAnyOrderElementsOf(poisonReasons.keySet());
        poisonReasons.forEach((value, reason) -> assertThat(reasons.get(value)).contains(reason));
    }
}

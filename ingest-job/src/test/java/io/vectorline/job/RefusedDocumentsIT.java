package io.vectorline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.cli.DocumentsRetention;
import io.vectorline.cli.KafkaTopics;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.job.deadletter.DeadLetterReason;
import io.vectorline.job.deadletter.RefusalLetters;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A document the database refuses, though it decoded fine (here: a CHECK constraint an operator
 * added), goes to the dead-letter topic byte for byte with the database's reason; every other
 * write lands, including a delete just before a refused version and a version that keeps the
 * chunks of a refused one, and the job keeps running.
 */
class RefusedDocumentsIT {
    private static final int DOCUMENTS = 30;
    private static final String EMBARGOED = "EMBARGOED";
    private static final EmbeddingModel MODEL = EmbeddingModel.DEFAULT.model();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.oneTaskManager();

    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();
    /** Offset of each record the database must refuse, with its value. */
    private final Map<Long, byte[]> refusedRecords = new HashMap<>();

    @Test
    void aRefusedDocumentIsDeadLetteredWithTheReasonAndTheOthersLand() throws Exception {
        String bootstrap = TestServices.kafkaBootstrapServers();
        String jdbcUrl = TestServices.freshDatabase("refused");
        String topic = "documents-" + UUID.randomUUID();
        String deadLetterTopic = JobConfig.deadLetterTopicFor(topic);
        KafkaTopics.create(bootstrap, topic, deadLetterTopic, 1, DocumentsRetention.COMPACT);
        StoreSettings store = new StoreSettings(MODEL.spec().dimensions(), 4);
        StoreSchema.migrate(jdbcUrl, store);
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE documents ADD CONSTRAINT title_not_embargoed"
                    + " CHECK (title IS DISTINCT FROM '" + EMBARGOED + "')");
        }

        JobClient job = startJob(bootstrap, topic, jdbcUrl, store);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int d = 0; d < DOCUMENTS; d++) {
                publish(producer, topic, "doc-" + d, 1, d == 4 || d == 17 ? EMBARGOED : "Title " + d);
            }
            awaitStored(jdbcUrl, Map.of(1L, DOCUMENTS - 2L));

            // a refused new version leaves the stored one; a good one lands; a delete lands though the
            // version after it is refused, whether or not the two share a flush
            publish(producer, topic, "doc-5", 2, EMBARGOED);
            publish(producer, topic, "doc-6", 2, "Title 6, revised");
            publishTombstone(producer, topic, "doc-7");
            publish(producer, topic, "doc-7", 2, EMBARGOED);
            publish(producer, topic, "doc-8", 2, EMBARGOED);
            awaitStored(jdbcUrl, Map.of(1L, DOCUMENTS - 4L, 2L, 1L));
            // the same body again under a good title lands, though it keeps the chunks of the refused version
            publish(producer, topic, "doc-8", 3, "Title 8, cleared");
            awaitStored(jdbcUrl, Map.of(1L, DOCUMENTS - 5L, 2L, 1L, 3L, 1L));

            Map<Long, ConsumerRecord<byte[], byte[]>> letters = deadLetters(bootstrap, deadLetterTopic, 5);
            assertThat(letters).containsOnlyKeys(refusedRecords.keySet());
            letters.forEach((offset, letter) -> {
                assertThat(letter.value()).as("the original value").isEqualTo(refusedRecords.get(offset));
                assertThat(header(letter, DeadLetter.STAGE)).isEqualTo(RefusalLetters.STAGE);
                assertThat(header(letter, DeadLetter.CODE)).isEqualTo(DeadLetterReason.REFUSED_BY_STORE.code());
                assertThat(header(letter, DeadLetter.SOURCE_TOPIC)).isEqualTo(topic);
                assertThat(header(letter, DeadLetter.REASON))
                        .contains("SQLSTATE 23514").contains("title_not_embargoed");
            });
            assertThat(storedTitle(jdbcUrl, "doc-5")).isEqualTo("Title 5");
            assertThat(storedTitle(jdbcUrl, "doc-8")).isEqualTo("Title 8, cleared");
            assertThat(documentsMissingChunks(jdbcUrl)).isEmpty();
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    private static JobClient startJob(String bootstrap, String topic, String jdbcUrl, StoreSettings store)
            throws Exception {
        JobConfig config = TestJobs.config(bootstrap, topic, jdbcUrl, store.partitions(), Duration.ofMillis(300))
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.build(env, config);
        return env.executeAsync("vectorline-refused");
    }

    private void publish(KafkaProducer<byte[], byte[]> producer, String topic, String docId, long version,
            String title) throws Exception {
        DocumentKey key = DocumentKey.newBuilder().setTenantId("tenant-a").setDocId(docId).build();
        byte[] value = events.encode(DocumentEvent.newBuilder()
                .setTenantId("tenant-a").setDocId(docId).setVersion(version).setTitle(title)
                .setBody("The body of " + docId + ", which the database has no quarrel with.")
                .setMetadata(Map.of()).setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).build());
        RecordMetadata sent = producer.send(new ProducerRecord<>(topic, keys.encode(key), value)).get();
        if (EMBARGOED.equals(title)) {
            refusedRecords.put(sent.offset(), value);
        }
    }

    private void publishTombstone(KafkaProducer<byte[], byte[]> producer, String topic, String docId)
            throws Exception {
        DocumentKey key = DocumentKey.newBuilder().setTenantId("tenant-a").setDocId(docId).build();
        producer.send(new ProducerRecord<>(topic, keys.encode(key), null)).get();
    }

    /** Waits until the number of stored documents per version is exactly {@code want}. */
    private static void awaitStored(String jdbcUrl, Map<Long, Long> want) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<Long, Long> got = Map.of();
        while (System.nanoTime() < deadline) {
            got = new HashMap<>();
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT version, count(*) FROM documents GROUP BY version")) {
                while (rs.next()) {
                    got.put(rs.getLong(1), rs.getLong(2));
                }
            }
            if (got.equals(want)) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(got).as("stored documents per version").isEqualTo(want);
    }

    private static String storedTitle(String jdbcUrl, String docId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT title FROM documents WHERE doc_id = '" + docId + "'")) {
            assertThat(rs.next()).as("%s is stored", docId).isTrue();
            return rs.getString(1);
        }
    }

    /** Documents whose stored chunks are not exactly the chunk count they record. */
    private static List<String> documentsMissingChunks(String jdbcUrl) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT d.doc_id FROM documents d LEFT JOIN chunks c USING (tenant_id, doc_id)
                        GROUP BY d.tenant_id, d.doc_id, d.chunk_count
                        HAVING count(c.chunk_no) <> d.chunk_count OR d.chunk_count = 0""")) {
            while (rs.next()) {
                missing.add(rs.getString(1));
            }
        }
        return missing;
    }

    /** The dead letters by source offset, exactly {@code expected} of them. */
    private static Map<Long, ConsumerRecord<byte[], byte[]>> deadLetters(String bootstrap, String topic,
            int expected) {
        Map<Long, ConsumerRecord<byte[], byte[]>> letters = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter
                : CommittedDeadLetters.exactly(bootstrap, topic, expected, Duration.ofMinutes(1))) {
            letters.put(Long.parseLong(header(letter, DeadLetter.SOURCE_OFFSET)), letter);
        }
        return letters;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return CommittedDeadLetters.header(record, name);
    }
}

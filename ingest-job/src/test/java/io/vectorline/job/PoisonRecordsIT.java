package io.vectorline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.cli.DocumentsRetention;
import io.vectorline.cli.KafkaTopics;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.job.deadletter.DeadLetterReason;
import io.vectorline.job.decode.DecodeFunction;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import io.vectorline.testing.TestServices;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every kind of bad record, each between two good documents on one partition, on a job that may
 * not restart at all: each bad record becomes exactly one committed dead letter with its reason
 * code, every good document lands, and the job is still running. The dead-letter topic takes
 * 2 MiB here, so a 1.1 MB junk value travels whole while a 20 MB body and a 3 MB key are written
 * without the original, with its size and SHA-256.
 */
class PoisonRecordsIT {
    private static final EmbeddingModel MODEL = EmbeddingModel.DEFAULT.model();
    private static final int MAX_BODY_CHARS = 100_000;
    private static final int SOURCE_LIMIT = 24 << 20;
    private static final int DEAD_LETTER_LIMIT = 2 << 20;
    private static final String TENANT = "tenant-p";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.oneTaskManager();

    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();
    private final Random random = new Random(42);

    private record Poison(String name, byte[] key, byte[] value, DeadLetterReason reason, String leftOut) {}

    @Test
    void eachBadRecordIsOneDeadLetterAndTheGoodOnesAroundItLandWithoutARestart() throws Exception {
        String bootstrap = TestServices.kafkaBootstrapServers();
        String jdbcUrl = TestServices.freshDatabase("poison");
        String topic = "documents-" + UUID.randomUUID();
        String deadLetterTopic = JobConfig.deadLetterTopicFor(topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(
                    new NewTopic(topic, 1, (short) 1).configs(Map.of(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(SOURCE_LIMIT))),
                    new NewTopic(deadLetterTopic, 1, (short) 1).configs(Map.of(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DEAD_LETTER_LIMIT)))))
                    .all().get();
        }
        // a compacted topic would refuse the poison record without a key
        KafkaTopics.create(bootstrap, topic, deadLetterTopic, 1, DocumentsRetention.DELETE); // waits for the leaders

        List<Poison> poisons = poisons();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(good(topic, 0));
        for (int i = 0; i < poisons.size(); i++) {
            records.add(new ProducerRecord<>(topic, poisons.get(i).key(), poisons.get(i).value()));
            records.add(good(topic, i + 1));
        }

        JobClient job = startJob(bootstrap, topic, jdbcUrl);
        try {
            publish(bootstrap, records);
            awaitGoodDocuments(jdbcUrl, poisons.size() + 1);
            List<ConsumerRecord<byte[], byte[]>> letters =
                    CommittedDeadLetters.exactly(bootstrap, deadLetterTopic, poisons.size(), Duration.ofMinutes(2));
            assertLetters(poisons, letters);
            assertThat(job.getJobStatus().get()).as("the job never failed (it may not restart)")
                    .isEqualTo(JobStatus.RUNNING);
        } finally {
            job.cancel().get();
        }
    }

    private List<Poison> poisons() {
        byte[] junk = new byte[1_100_000];
        random.nextBytes(junk);
        byte[] hugeKey = new byte[3_000_000];
        random.nextBytes(hugeKey);
        DocumentEvent.Builder hugeBody = event("huge-body", 1).setBody("word ".repeat(4_000_000));
        return List.of(
                new Poison("1.1 MB that is not Avro", key("junk"), junk, DeadLetterReason.NOT_AVRO, null),
                new Poison("a 20 MB body", key("huge-body"), events.encode(hugeBody.build()),
                        DeadLetterReason.BODY_TOO_LARGE, "value"),
                new Poison("a 3 MB key that is not Avro", hugeKey, null, DeadLetterReason.NOT_AVRO, "key"),
                new Poison("an empty value", key("empty"), new byte[0], DeadLetterReason.NOT_AVRO, null),
                new Poison("no key", null, events.encode(event("no-key", 1).build()), DeadLetterReason.MISSING_KEY,
                        null),
                new Poison("a key as the value", key("schema"), key("schema"), DeadLetterReason.UNKNOWN_SCHEMA, null),
                new Poison("invalid UTF-8", key("utf8"), invalidUtf8Body("utf8"), DeadLetterReason.INVALID_UTF8, null),
                new Poison("a negative version", key("negative"), events.encode(event("negative", -5).build()),
                        DeadLetterReason.INVALID_VERSION, null),
                new Poison("a blank doc id", keys.encode(docKey(TENANT, " ")), null, DeadLetterReason.INVALID_ID,
                        null),
                new Poison("an over-long tenant id", keys.encode(docKey("t".repeat(300), "d")), null,
                        DeadLetterReason.INVALID_ID, null),
                new Poison("a control character in the doc id", keys.encode(docKey(TENANT, "line\nbreak")), null,
                        DeadLetterReason.INVALID_ID, null),
                new Poison("key and value disagree", key("mismatch"),
                        events.encode(event("something-else", 1).build()), DeadLetterReason.KEY_MISMATCH, null),
                new Poison("NUL in the title", key("nul"), events.encode(event("nul", 1).setTitle("a\u0000b").build()),
                        DeadLetterReason.UNSTORABLE_TEXT, null));
    }

    private void assertLetters(List<Poison> poisons, List<ConsumerRecord<byte[], byte[]>> letters) {
        Map<String, ConsumerRecord<byte[], byte[]>> bySha = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> letter : letters) {
            assertThat(letter.serializedKeySize() + letter.serializedValueSize()).isLessThan(DEAD_LETTER_LIMIT);
            assertThat(CommittedDeadLetters.header(letter, DeadLetter.STAGE)).isEqualTo(DecodeFunction.STAGE);
            String original = CommittedDeadLetters.header(letter, DeadLetter.SOURCE_VALUE_SHA256) != null
                    ? CommittedDeadLetters.header(letter, DeadLetter.SOURCE_VALUE_SHA256)
                    : CommittedDeadLetters.header(letter, DeadLetter.SOURCE_KEY_SHA256) != null
                            ? CommittedDeadLetters.header(letter, DeadLetter.SOURCE_KEY_SHA256)
                            : fingerprint(letter.key(), letter.value());
            bySha.put(original, letter);
        }
        for (Poison poison : poisons) {
            String sha = "value".equals(poison.leftOut()) ? DeadLetter.sha256(poison.value())
                    : "key".equals(poison.leftOut()) ? DeadLetter.sha256(poison.key())
                    : fingerprint(poison.key(), poison.value());
            assertThat(bySha).as(poison.name()).containsKey(sha);
            ConsumerRecord<byte[], byte[]> letter = bySha.get(sha);
            assertThat(CommittedDeadLetters.header(letter, DeadLetter.CODE)).as(poison.name())
                    .isEqualTo(poison.reason().code());
            assertThat(CommittedDeadLetters.header(letter, DeadLetter.LEFT_OUT)).as(poison.name())
                    .isEqualTo(poison.leftOut());
            if ("value".equals(poison.leftOut())) {
                assertThat(letter.value()).isNull();
                assertThat(letter.key()).isEqualTo(poison.key());
                assertThat(CommittedDeadLetters.header(letter, DeadLetter.SOURCE_VALUE_BYTES))
                        .isEqualTo(Integer.toString(poison.value().length));
            } else if (poison.leftOut() == null) {
                assertThat(letter.key()).as(poison.name()).isEqualTo(poison.key());
                assertThat(letter.value()).as(poison.name()).isEqualTo(poison.value());
            }
        }
    }

    /** Key and value together, to tell whole letters apart. */
    private static String fingerprint(byte[] key, byte[] value) {
        return Arrays.toString(key) + "/" + DeadLetter.sha256(value == null ? new byte[] {-1} : value);
    }

    private JobClient startJob(String bootstrap, String topic, String jdbcUrl) throws Exception {
        JobConfig config = TestJobs.config(bootstrap, topic, jdbcUrl, 2, Duration.ofMillis(300))
                .maxBodyChars(MAX_BODY_CHARS)
                .build();
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestarts);
        IngestJob.build(env, config);
        return env.executeAsync("vectorline-poison");
    }

    private ProducerRecord<byte[], byte[]> good(String topic, int n) {
        return new ProducerRecord<>(topic, key("good-" + n), events.encode(event("good-" + n, 1).build()));
    }

    private byte[] key(String docId) {
        return keys.encode(docKey(TENANT, docId));
    }

    private static DocumentKey docKey(String tenant, String docId) {
        return DocumentKey.newBuilder().setTenantId(tenant).setDocId(docId).build();
    }

    private static DocumentEvent.Builder event(String docId, long version) {
        return DocumentEvent.newBuilder().setTenantId(TENANT).setDocId(docId).setVersion(version)
                .setBody("The body of " + docId + ", plain and storable.").setMetadata(Map.of())
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    /** A valid event whose body bytes are then made invalid UTF-8 (a lone continuation byte). */
    private byte[] invalidUtf8Body(String docId) {
        byte[] payload = events.encode(event(docId, 1).setBody("xx-MARK-xx").build());
        byte[] mark = "MARK".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + mark.length <= payload.length; i++) {
            if (Arrays.equals(payload, i, i + mark.length, mark, 0, mark.length)) {
                payload[i + 1] = (byte) 0x80;
                return payload;
            }
        }
        throw new AssertionError("marker not found");
    }

    private static void publish(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, SOURCE_LIMIT,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L << 20),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get();
            }
        }
    }

    private static void awaitGoodDocuments(String jdbcUrl, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        int stored = -1;
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(
                            "SELECT count(*) FROM documents WHERE doc_id LIKE 'good-%' AND chunk_count > 0")) {
                rs.next();
                stored = rs.getInt(1);
                if (stored == count) {
                    break;
                }
            } catch (java.sql.SQLException e) {
                // the tables appear when the sink first opens
            }
            Thread.sleep(200);
        }
        assertThat(stored).as("good documents stored").isEqualTo(count);
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM documents")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing but the good documents stored").isEqualTo(count);
        }
    }
}

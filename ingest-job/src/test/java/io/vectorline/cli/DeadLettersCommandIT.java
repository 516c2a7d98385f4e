package io.vectorline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.job.CommittedDeadLetters;
import io.vectorline.job.IngestJob;
import io.vectorline.job.JobConfig;
import io.vectorline.job.TestClusters;
import io.vectorline.job.TestJobs;
import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import io.vectorline.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dead-letter tools against a real job: {@code list} counts what the job set aside; after the
 * job is restarted with a higher body limit, {@code redrive} publishes the two refused bodies
 * again (one read back from its topic, its letter being too small to carry it) and they land;
 * a second redrive publishes nothing; a letter whose original is gone is refused.
 */
class DeadLettersCommandIT {
    private static final EmbeddingModel MODEL = EmbeddingModel.DEFAULT.model();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TENANT = "tenant-d";

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.oneTaskManager();

    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();

    @Test
    void listCountsRedriveLandsEachLetterOnceAndRefusesWhatIsGone() throws Exception {
        String bootstrap = TestServices.kafkaBootstrapServers();
        String jdbcUrl = TestServices.freshDatabase("dead_letters");
        String topic = "documents-" + UUID.randomUUID();
        String deadLetterTopic = JobConfig.deadLetterTopicFor(topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // small enough that a 5,000-character body does not fit in its letter
            admin.createTopics(List.of(new NewTopic(deadLetterTopic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "4000")))).all().get();
        }
        KafkaTopics.create(bootstrap, topic, deadLetterTopic, 1, DocumentsRetention.COMPACT);

        JobClient strict = startJob(bootstrap, topic, jdbcUrl, 1_000);
        publish(bootstrap, new ProducerRecord<>(topic, key("good-1"), event("good-1", "A short body.")),
                new ProducerRecord<>(topic, key("long-1"), event("long-1", "word ".repeat(1_000))),
                new ProducerRecord<>(topic, key("long-2"), event("long-2", "word ".repeat(220))),
                new ProducerRecord<>(topic, key("junk"), "not avro".getBytes(StandardCharsets.UTF_8)),
                new ProducerRecord<>(topic, key("good-2"), event("good-2", "Another short body.")));
        awaitStored(jdbcUrl, List.of("good-1", "good-2"));
        List<String> tooLong = CommittedDeadLetters.exactly(bootstrap, deadLetterTopic, 3, Duration.ofMinutes(1))
                .stream().filter(letter -> "body-too-large".equals(CommittedDeadLetters.header(letter, DeadLetter.CODE)))
                .map(letter -> letter.topic() + "/" + letter.partition() + "@" + letter.offset()).toList();
        // the next job starts from the group's offsets: they must be past what this one dead-lettered
        awaitCommittedOffset(bootstrap, topic, 5);
        strict.cancel().get();

        JsonNode listed = JSON.readTree(cli("dead-letters", "list", "--json", "--bootstrap-servers", bootstrap,
                "--topic", topic));
        assertThat(listed.get("total").asInt()).isEqualTo(3);
        assertThat(listed.get("left_out").asInt()).as(listed.toString()).isEqualTo(1);
        assertThat(listed.get("by_reason").get("body-too-large").asInt()).isEqualTo(2);
        assertThat(listed.get("by_reason").get("not-avro").asInt()).isEqualTo(1);
        assertThat(listed.get("by_stage").get("decode").asInt()).isEqualTo(3);
        assertThat(listed.get("by_tenant").get(TENANT).asInt()).isEqualTo(3);

        JobClient relaxed = startJob(bootstrap, topic, jdbcUrl, 100_000);
        try {
            String[] redrive = {"dead-letters", "redrive", "--json", "--bootstrap-servers", bootstrap, "--topic", topic,
                    "--reason", "body-too-large"};
            JsonNode first = JSON.readTree(cli(redrive));
            assertThat(first.get("redriven").asInt()).isEqualTo(2);
            JsonNode again = JSON.readTree(cli(redrive));
            assertThat(again.get("redriven").asInt()).isZero();
            assertThat(again.get("already_redriven").asInt()).isEqualTo(2);
            awaitStored(jdbcUrl, List.of("good-1", "good-2", "long-1", "long-2"));

            JsonNode dryRun = JSON.readTree(cli("dead-letters", "redrive", "--json", "--dry-run",
                    "--bootstrap-servers", bootstrap, "--topic", topic, "--reason", "not-avro"));
            assertThat(dryRun.get("would_redrive").asInt()).isEqualTo(1);
        } finally {
            relaxed.cancel().get();
        }
        assertThat(redrivenRecords(bootstrap, topic)).as("records published by redrive, in all")
                .containsExactlyInAnyOrderElementsOf(tooLong);

        publishGoneLetter(bootstrap, topic, deadLetterTopic);
        StringWriter out = new StringWriter();
        int exit = VectorlineCli.commandLine().setOut(new PrintWriter(out)).execute("dead-letters", "redrive",
                "--bootstrap-servers", bootstrap, "--topic", topic, "--source", "0@999999");
        assertThat(exit).isEqualTo(3);
        assertThat(out.toString()).contains("redrove 0 dead letters").contains("refused")
                .contains("no longer holds it");
    }

    private JobClient startJob(String bootstrap, String topic, String jdbcUrl, int maxBodyChars) throws Exception {
        JobConfig config = TestJobs.config(bootstrap, topic, jdbcUrl, 2, Duration.ofMillis(200))
                .checkpointInterval(Duration.ofMillis(500))
                .maxBodyChars(maxBodyChars)
                .parallelism(1)
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.build(env, config);
        return env.executeAsync("vectorline-dead-letters");
    }

    private static void awaitCommittedOffset(String bootstrap, String topic, long offset) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                var committed = admin.listConsumerGroupOffsets("it-" + topic).partitionsToOffsetAndMetadata().get()
                        .get(new TopicPartition(topic, 0));
                if (committed != null && committed.offset() >= offset) {
                    return;
                }
                assertThat(System.nanoTime()).as("offset %d committed within a minute", offset).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        int exit = VectorlineCli.commandLine().setOut(new PrintWriter(out)).execute(args);
        assertThat(exit).as("exit code of %s", String.join(" ", args)).isZero();
        return out.toString();
    }

    /** The dead letters the records that redrive published came from. */
    private static List<String> redrivenRecords(String bootstrap, String topic) {
        List<String> from = new ArrayList<>();
        DeadLetterReader.readAll(bootstrap, topic, record -> {
            var header = record.headers().lastHeader(Redrive.REDRIVEN_FROM);
            if (header != null) {
                from.add(new String(header.value(), StandardCharsets.UTF_8));
            }
        });
        return from;
    }

    /** A letter written without its original, pointing at an offset its topic never had. */
    private static void publishGoneLetter(String bootstrap, String topic, String deadLetterTopic) throws Exception {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(deadLetterTopic, null, null);
        Map<String, String> headers = new HashMap<>(Map.of(DeadLetter.CODE, "refused-by-store", DeadLetter.STAGE,
                "store", DeadLetter.SOURCE_TOPIC, topic, DeadLetter.SOURCE_PARTITION, "0",
                DeadLetter.SOURCE_OFFSET, "999999", DeadLetter.LEFT_OUT, "key,value"));
        headers.forEach((name, value) -> letter.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
        publish(bootstrap, letter);
    }

    @SafeVarargs
    private static void publish(String bootstrap, ProducerRecord<byte[], byte[]>... records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get();
            }
        }
    }

    private byte[] key(String docId) {
        return keys.encode(DocumentKey.newBuilder().setTenantId(TENANT).setDocId(docId).build());
    }

    private byte[] event(String docId, String body) {
        return events.encode(DocumentEvent.newBuilder().setTenantId(TENANT).setDocId(docId).setVersion(1)
                .setBody(body).setEventTime(Instant.ofEpochMilli(1_700_000_000_000L)).build());
    }

    private static void awaitStored(String jdbcUrl, List<String> docIds) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        List<String> stored = List.of();
        while (System.nanoTime() < deadline) {
            stored = new ArrayList<>();
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT doc_id FROM documents ORDER BY doc_id")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            } catch (SQLException e) {
                // the tables appear when the job first opens
            }
            if (stored.equals(docIds)) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(stored).as("stored documents").isEqualTo(docIds);
    }
}

package io.vectorline.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.cli.DocumentsRetention;
import io.vectorline.cli.KafkaTopics;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stored state is a function of the events alone: the same events, once planned against the
 * database (each wave stored, a checkpoint taken between some of them) and once all in flight
 * together, end in the same rows, every column but {@code updated_at} (when a row was last
 * written) and {@code recorded_at} (when its record was published, once per run). The waves are those that used to differ: a re-publish with the body unchanged, then an
 * edit planned before the next checkpoint; stale versions, deletes and re-creates after them.
 */
class DeterministicStateIT {
    private static final int DOCUMENTS = 30;
    private static final EmbeddingModel MODEL = EmbeddingModel.DEFAULT.model();
    private static final String[] WORDS = ("vector tenant shard index query embedding model chunk stream kafka"
            + " flink postgres merge version replay checkpoint offset partition the a of and to in").split(" ");

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.oneTaskManager();

    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();
    private final Random random = new Random(11);

    /** One event: a version with its body, or a tombstone (null body). */
    private record Event(String docId, long version, String body) {}

    @Test
    void theSameEventsEndInTheSameRowsWhateverTheFlushTiming(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        List<List<Event>> waves = waves();
        Map<String, Long> finalVersions = finalVersions(waves);

        String againstStore = TestServices.freshDatabase("determinism_a");
        runJob(againstStore, (bootstrap, topic, job) -> {
            for (int w = 0; w < waves.size(); w++) {
                publish(bootstrap, topic, waves.get(w));
                awaitVersions(againstStore, finalVersions(waves.subList(0, w + 1)));
                if (w != 1) { // wave 2 stays in flight while wave 3 is planned
                    cluster.triggerCheckpoint(job.getJobID()).get();
                }
            }
        });
        String allInFlight = TestServices.freshDatabase("determinism_b");
        runJob(allInFlight, (bootstrap, topic, job) -> {
            publish(bootstrap, topic, waves.stream().flatMap(List::stream).toList());
            awaitVersions(allInFlight, finalVersions);
        });

        for (String table : List.of("documents", "chunks")) {
            List<String> expected = rows(againstStore, table);
            assertThat(rows(allInFlight, table)).as("every column of " + table).containsExactlyElementsOf(expected);
        }
        assertThat(rows(againstStore, "chunks").stream().filter(row -> row.split("\\|")[4].equals("1")).count())
                .as("chunks left as first stored").isPositive();
    }

    private List<List<Event>> waves() {
        List<List<String>> bodies = IntStream.range(0, DOCUMENTS)
                .mapToObj(d -> IntStream.range(0, 5 + d % 4).mapToObj(p -> paragraph()).toList()).toList();
        List<Event> first = new ArrayList<>();
        List<Event> republished = new ArrayList<>();
        List<Event> edited = new ArrayList<>();
        List<Event> after = new ArrayList<>();
        for (int d = 0; d < DOCUMENTS; d++) {
            String id = "doc-" + d;
            List<String> paragraphs = new ArrayList<>(bodies.get(d));
            first.add(new Event(id, 1, String.join("\n\n", paragraphs)));
            republished.add(new Event(id, 2, String.join("\n\n", paragraphs)));
            paragraphs.set(1, paragraph());
            String editedBody = String.join("\n\n", paragraphs);
            edited.add(new Event(id, 3, editedBody));
            after.add(new Event(id, 2, "a stale version that must change nothing"));
            if (d % 5 == 0) {
                after.add(new Event(id, 0, null));
                if (d % 10 == 0) {
                    after.add(new Event(id, 6, editedBody));
                }
            } else if (d % 3 == 0) {
                paragraphs.set(paragraphs.size() - 1, paragraph());
                after.add(new Event(id, 4, String.join("\n\n", paragraphs)));
            }
        }
        return List.of(first, republished, edited, after);
    }

    /** The version each document ends at (absent: deleted), by the contract's rules. */
    private static Map<String, Long> finalVersions(List<List<Event>> waves) {
        Map<String, Long> versions = new HashMap<>();
        Map<String, Long> deleted = new HashMap<>();
        for (Event event : waves.stream().flatMap(List::stream).toList()) {
            if (event.body() == null) {
                Long gone = versions.remove(event.docId());
                if (gone != null) {
                    deleted.put(event.docId(), gone);
                }
            } else if (event.version() > Math.max(versions.getOrDefault(event.docId(), Long.MIN_VALUE),
                    deleted.getOrDefault(event.docId(), Long.MIN_VALUE))) {
                versions.put(event.docId(), event.version());
            }
        }
        return versions;
    }

    private interface Scenario {
        void run(String bootstrap, String topic, JobClient job) throws Exception;
    }

    private void runJob(String jdbcUrl, Scenario scenario) throws Exception {
        String bootstrap = TestServices.kafkaBootstrapServers();
        String topic = "documents-" + UUID.randomUUID();
        KafkaTopics.create(bootstrap, topic, JobConfig.deadLetterTopicFor(topic), 2, DocumentsRetention.COMPACT);
        JobConfig config = TestJobs.config(bootstrap, topic, jdbcUrl, 2, Duration.ofMillis(200))
                .checkpointInterval(Duration.ofHours(1)) // checkpoints only when triggered
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.build(env, config);
        JobClient job = env.executeAsync("vectorline-determinism");
        try {
            scenario.run(bootstrap, topic, job);
        } finally {
            job.cancel().get();
        }
    }

    private void publish(String bootstrap, String topic, List<Event> wave) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Event event : wave) {
                byte[] key = keys.encode(DocumentKey.newBuilder().setTenantId(tenant(event.docId()))
                        .setDocId(event.docId()).build());
                byte[] value = event.body() == null ? null : events.encode(DocumentEvent.newBuilder()
                        .setTenantId(tenant(event.docId())).setDocId(event.docId()).setVersion(event.version())
                        .setTitle(event.docId() + " v" + event.version()).setBody(event.body())
                        .setMetadata(Map.of("v", Long.toString(event.version())))
                        .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + event.version())).build());
                producer.send(new ProducerRecord<>(topic, key, value)).get();
            }
        }
    }

    private static String tenant(String docId) {
        return "tenant-" + Math.floorMod(docId.hashCode(), 3);
    }

    private String paragraph() {
        return IntStream.range(0, 30 + random.nextInt(30)).mapToObj(i -> WORDS[random.nextInt(WORDS.length)])
                .collect(Collectors.joining(" ")) + ".";
    }

    private static void awaitVersions(String jdbcUrl, Map<String, Long> want) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<String, Long> got = Map.of();
        while (System.nanoTime() < deadline) {
            got = new HashMap<>();
            try (Connection connection = DriverManager.getConnection(jdbcUrl);
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT doc_id, version FROM documents")) {
                while (rs.next()) {
                    got.put(rs.getString(1), rs.getLong(2));
                }
            } catch (SQLException e) {
                // the tables appear when the job first opens
            }
            if (got.equals(want)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(got).as("stored versions").isEqualTo(want);
    }

    /** Columns that tell when, not what: they differ between runs of the same events. */
    private static final Set<String> TIMES = Set.of("updated_at", "recorded_at");

    /** Every row of {@code table} as text, every column but {@link #TIMES}, in key order. */
    private static List<String> rows(String jdbcUrl, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1, 2"
                        + (table.equals("chunks") ? ", chunk_no" : ""))) {
            ResultSetMetaData columns = rs.getMetaData();
            while (rs.next()) {
                StringBuilder row = new StringBuilder("|");
                for (int c = 1; c <= columns.getColumnCount(); c++) {
                    if (!TIMES.contains(columns.getColumnName(c))) {
                        row.append(rs.getString(c)).append('|');
                    }
                }
                rows.add(row.toString());
            }
        }
        assertThat(rows).isNotEmpty();
        return rows;
    }
}

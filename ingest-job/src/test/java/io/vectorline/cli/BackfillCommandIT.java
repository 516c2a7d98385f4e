package io.vectorline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.job.JobConfig;
import io.vectorline.job.TestClusters;
import io.vectorline.job.backfill.BackfillJob;
import io.vectorline.job.backfill.BackfillPositions;
import io.vectorline.job.backfill.BackfillRecords;
import io.vectorline.job.backfill.BackfillTotals;
import io.vectorline.job.source.JsonlDocuments;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.testing.TestServices;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vectorline backfill} against real Kafka, Flink and PostgreSQL: a time range of one
 * tenant stores exactly its events; an older range never regresses newer versions; a backfill
 * killed with {@code kill -9} resumes from its committed position and ends exact; a backfill
 * from the store, with the topic gone, cuts every document again as a fresh ingest with the new
 * settings would, also when killed midway, and finds nothing to do the second time; bad arguments
 * fail before any work, leaving nothing behind.
 */
class BackfillCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Keeps every metric of the jobs run in this JVM after they end, so a finished backfill's can be read. */
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestClusters.oneTaskManager(
            METRICS.addToConfiguration(new Configuration()));

    private final String bootstrap = TestServices.kafkaBootstrapServers();
    private String topic;
    private String jdbcUrl;

    @BeforeEach
    void topicAndStore() throws Exception {
        topic = "documents-" + UUID.randomUUID();
        KafkaTopics.create(bootstrap, topic, JobConfig.deadLetterTopicFor(topic), 2, DocumentsRetention.COMPACT);
        jdbcUrl = TestServices.freshDatabase("backfill");
    }

    @Test
    void theDocumentsTopicIsCompactedSoEveryDocumentsLatestVersionStaysReplayable() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            assertThat(config.get(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG).value()).isEqualTo("86400000");
            assertThat(config.get(TopicConfig.DELETE_RETENTION_MS_CONFIG).value()).isEqualTo("604800000");
            assertThat(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo("LogAppendTime");
        }
    }

    @Test
    void aTimeRangeOfOneTenantStoresExactlyItsEventsAndAnOlderRangeRegressesNothing() throws Exception {
        List<JsonlDocuments.Event> first = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            first.add(event("a", "doc-" + d, 1));
            first.add(event("b", "doc-" + d, 1));
        }
        DocumentPublisher.publish(bootstrap, topic, first);
        Thread.sleep(50);
        Instant between = Instant.now();
        Thread.sleep(50);
        DocumentPublisher.publish(bootstrap, topic, List.of(event("a", "doc-0", 2), event("a", "doc-1", 2),
                event("a", "doc-2", 2), event("b", "doc-0", 2), event("a", "doc-5", 1), tombstone("a", "doc-4"),
                event("c", "doc-0", 1)));

        Run recent = cli(backfill("recent", "--from", between.toString(), "--tenant", "a", "--allow-new-tenants",
                "--json"));
        assertThat(recent.exit).as(recent.err).isZero();
        JsonNode summary = lastJson(recent.out);
        assertThat(summary.get("records").asLong()).as("every record of the range, of every tenant").isEqualTo(7);
        assertThat(summary.get("deletions").asLong()).isEqualTo(1);
        assertThat(StoredVersions.of(jdbcUrl)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "a/doc-0", 2L, "a/doc-1", 2L, "a/doc-2", 2L, "a/doc-5", 1L));
        assertThat(StoredVersions.documentsWithoutChunks(jdbcUrl)).isZero();

        Run older = cli(backfill("older", "--to", between.toString(), "--json"));
        assertThat(older.exit).as(older.err).isZero();
        assertThat(lastJson(older.out).get("staleDocuments").asLong()).as("a/doc-0..2 v1 ignored").isEqualTo(3);
        Map<String, Long> expected = new HashMap<>(Map.of("a/doc-0", 2L, "a/doc-1", 2L, "a/doc-2", 2L,
                "a/doc-3", 1L, "a/doc-4", 1L, "a/doc-5", 1L));
        for (int d = 0; d < 5; d++) {
            expected.put("b/doc-" + d, 1L);
        }
        assertThat(StoredVersions.of(jdbcUrl)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(StoredVersions.documentsWithoutChunks(jdbcUrl)).isZero();

        Run status = cli("backfill", "status", "--bootstrap-servers", bootstrap, "--jdbc-url", jdbcUrl);
        assertThat(status.exit).as(status.err).isZero();
        assertThat(status.out).containsPattern("recent\\s+finished\\s+7/7\\s+100.0%")
                .containsPattern("older\\s+finished\\s+10/10\\s+100.0%");
    }

    @Test
    void aReplayedTombstoneRemovesOnlyWhatWasPublishedBeforeItAndADeletedVersionStaysDeleted() throws Exception {
        for (JsonlDocuments.Event event : List.of(event("r", "x", 1), tombstone("r", "x"), event("r", "x", 2),
                event("r", "y", 1), tombstone("r", "y"))) {
            DocumentPublisher.publish(bootstrap, topic, List.of(event));
            Thread.sleep(5); // distinct record timestamps: within one millisecond the order is unknown
        }
        Run all = cli(backfill("all", "--allow-new-tenants", "--json"));
        assertThat(all.exit).as(all.err).isZero();
        assertThat(StoredVersions.of(jdbcUrl)).containsExactlyEntriesOf(Map.of("r/x", 2L));

        Run again = cli(backfill("again", "--json"));
        assertThat(again.exit).as(again.err).isZero();
        assertThat(lastJson(again.out).get("staleDocuments").asLong()).as("x v1, x v2 and y v1").isEqualTo(3);
        assertThat(StoredVersions.of(jdbcUrl)).as("x's tombstone came before its v2; y's v1 was deleted")
                .containsExactlyEntriesOf(Map.of("r/x", 2L));
        assertThat(StoredVersions.documentsWithoutChunks(jdbcUrl)).isZero();
    }

    @Test
    void aBackfillKilledMidwayResumesFromItsPositionAndEndsExact() throws Exception {
        List<JsonlDocuments.Event> events = new ArrayList<>();
        for (int d = 0; d < 300; d++) {
            events.add(event("k", "doc-" + d, 1));
        }
        DocumentPublisher.publish(bootstrap, topic, events);

        Process child = childCli(backfill("killed", "--max-documents-per-second", "20", "--allow-new-tenants"));
        long position;
        try {
            position = awaitPosition(child, "killed", 80, Duration.ofMinutes(3));
        } finally {
            child.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
        assertThat(position).isLessThan(300);
        Run stopped = cli("backfill", "status", "--bootstrap-servers", bootstrap, "--jdbc-url", jdbcUrl);
        assertThat(stopped.exit).as(stopped.err).isZero();
        assertThat(stopped.out).containsPattern("killed\\s+stopped");

        Run resumed = cli(backfill("killed", "--allow-new-tenants", "--json"));
        assertThat(resumed.exit).as(resumed.err).isZero();
        long read = lastJson(resumed.out).get("records").asLong();
        assertThat(read).as("read only what was left").isLessThanOrEqualTo(300 - position).isPositive();
        assertProgressMetrics("killed", 300, 300 - read, read);
        Map<String, Long> expected = new HashMap<>();
        for (int d = 0; d < 300; d++) {
            expected.put("k/doc-" + d, 1L);
        }
        assertThat(StoredVersions.of(jdbcUrl)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(StoredVersions.documentsWithoutChunks(jdbcUrl)).isZero();
    }

    @Test
    void fromTheStoreWithoutTheTopicEveryDocumentIsCutAgainResumingAfterAKillAndOnlyOnce() throws Exception {
        List<JsonlDocuments.Event> events = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            events.add(longEvent("s", "doc-" + d, 1));
            events.add(longEvent("t", "doc-" + d, 1));
        }
        for (int d = 0; d < 5; d++) {
            events.add(longEvent("s", "doc-" + d, 2));
        }
        events.add(tombstone("t", "doc-0"));
        DocumentPublisher.publish(bootstrap, topic, events);
        String[] recut = {"--from-store", "--chunk-tokens", "24", "--overlap-tokens", "4"};
        String store = jdbcUrl;
        jdbcUrl = TestServices.freshDatabase("backfill-reference");
        String reference = jdbcUrl;
        Run referenceRun = cli(backfill("reference", "--chunk-tokens", "24", "--overlap-tokens", "4",
                "--allow-new-tenants"));
        assertThat(referenceRun.exit).as(referenceRun.err).isZero();
        jdbcUrl = store;
        Run first = cli(backfill("first", "--allow-new-tenants"));
        assertThat(first.exit).as(first.err).isZero();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.deleteTopics(List.of(topic)).all().get();
        }

        Process child = childCli(backfill("recut", append(recut, "--max-documents-per-second", "10")));
        long position;
        try {
            position = awaitStorePosition(child, "recut", 20, Duration.ofMinutes(3));
        } finally {
            child.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
        assertThat(position).isLessThan(119);
        Run resumed = cli(backfill("recut", append(recut, "--json")));
        assertThat(resumed.exit).as(resumed.err).isZero();
        JsonNode summary = lastJson(resumed.out);
        assertThat(summary.get("records").asLong()).as("read only what was left").isEqualTo(119 - position);
        assertProgressMetrics("recut", 119, position, 119 - position);
        assertThat(summary.get("embeddedChunks").asLong()).isPositive();
        assertThat(StoredVersions.chunks(jdbcUrl)).as("as if ingested with these settings from the start")
                .isEqualTo(StoredVersions.chunks(reference));
        assertThat(StoredVersions.of(jdbcUrl)).isEqualTo(StoredVersions.of(reference)).hasSize(119);

        Run again = cli(backfill("recut-again", append(recut, "--json")));
        assertThat(again.exit).as(again.err).isZero();
        JsonNode nothingNew = lastJson(again.out);
        assertThat(nothingNew.get("records").asLong()).isEqualTo(119);
        assertThat(nothingNew.get("embeddedChunks").asLong()).as("cut with these settings already").isZero();
        assertThat(StoredVersions.chunks(jdbcUrl)).isEqualTo(StoredVersions.chunks(reference));
    }

    @Test
    void jsonLinesFilesAreReplayedWholeAndABadLineStopsThemBeforeAnyWork(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"tenant_id\":\"f\",\"doc_id\":\"x\",\"version\":\"one\",\"body\":\"x\"}\nnot json\n");
        assertFails(backfill("bad-file", "--from-file", bad.toString()), "line 1: 'version' must be a whole number");
        assertFails(backfill("bad-file", "--from-file", bad.toString()), "line 2:");
        Path file = dir.resolve("events.jsonl");
        // each document's lines in order, many documents: read by one reader, they must reach the
        // embed subtasks in that order
        StringBuilder many = new StringBuilder();
        Map<String, Long> expected = new HashMap<>(Map.of("f/a", 3L, "f/b", 2L));
        for (int d = 0; d < 40; d++) {
            for (int version = 1; version <= 2; version++) {
                many.append("{\"tenant_id\":\"f\",\"doc_id\":\"d").append(d).append("\",\"version\":")
                        .append(version).append(",\"body\":\"Version ").append(version).append(" of d").append(d)
                        .append(".\"}\n");
            }
            if (d % 2 == 0) {
                many.append("{\"tenant_id\":\"f\",\"doc_id\":\"d").append(d).append("\",\"deleted\":true}\n");
            } else {
                expected.put("f/d" + d, 2L);
            }
        }
        Files.writeString(file, many + String.join("\n",
                "{\"tenant_id\":\"f\",\"doc_id\":\"a\",\"version\":1,\"body\":\"Alpha, of vectors.\"}",
                "",
                "{\"tenant_id\":\"f\",\"doc_id\":\"b\",\"version\":2,\"body\":\"Beta, of shards.\"}",
                "{\"tenant_id\":\"f\",\"doc_id\":\"a\",\"version\":3,\"body\":\"Alpha again, of replays.\"}",
                "{\"tenant_id\":\"f\",\"doc_id\":\"c\",\"version\":1,\"body\":\"Gamma.\"}",
                "{\"tenant_id\":\"f\",\"doc_id\":\"c\",\"deleted\":true}"));

        Run run = cli(backfill("file", "--from-file", file.toString(), "--json"));
        assertThat(run.exit).as(run.err).isZero();
        JsonNode summary = lastJson(run.out);
        assertThat(summary.get("records").asLong()).isEqualTo(105);
        assertThat(summary.get("deletions").asLong()).isEqualTo(21);
        assertThat(StoredVersions.of(jdbcUrl)).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(StoredVersions.documentsWithoutChunks(jdbcUrl)).isZero();
        assertThat(new BackfillPositions(ConnectionFactory.of(jdbcUrl)).of("file").values())
                .as("the whole file, by its bytes").singleElement()
                .satisfies(position -> {
                    assertThat(position.after()).isEqualTo(Long.toString(Files.size(file)));
                    assertThat(position.read()).isEqualTo(105);
                });

        Path windows = dir.resolve("crlf.jsonl");
        Files.writeString(windows, "{\"tenant_id\":\"g\",\"doc_id\":\"1\",\"version\":1,\"body\":\"One.\"}\r\n"
                + "{\"tenant_id\":\"g\",\"doc_id\":\"2\",\"version\":1,\"body\":\"Two.\"}\r"
                + "{\"tenant_id\":\"g\",\"doc_id\":\"3\",\"version\":1,\"body\":\"Three.\"}");
        Run lineEnds = cli(backfill("crlf", "--from-file", windows.toString(), "--json"));
        assertThat(lineEnds.exit).as(lineEnds.err).isZero();
        assertThat(lastJson(lineEnds.out).get("records").asLong()).as("\\r\\n, \\r and no line end").isEqualTo(3);
        expected.putAll(Map.of("g/1", 1L, "g/2", 1L, "g/3", 1L));
        assertThat(StoredVersions.of(jdbcUrl)).containsExactlyInAnyOrderEntriesOf(expected);

        Run again = cli(backfill("file-again", "--from-file", file.toString(), "--json"));
        assertThat(again.exit).as(again.err).isZero();
        assertThat(lastJson(again.out).get("embeddedChunks").asLong()).isZero();
        assertThat(lastJson(again.out).get("staleDocuments").asLong())
                .as("a v1, a v3, b v2, deleted c v1, and both versions of each d").isEqualTo(84);
        assertThat(StoredVersions.of(jdbcUrl)).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void badArgumentsFailBeforeAnyWorkAndLeaveNothingBehind() throws Exception {
        DocumentPublisher.publish(bootstrap, topic, List.of(event("a", "doc-0", 1)));
        Instant now = Instant.now();
        assertFails(backfill("reversed", "--from", now.toString(), "--to", now.minusSeconds(60).toString()),
                "is before --from");
        assertFails(backfill("empty", "--from", now.plusSeconds(3600).toString()), "holds no records");
        assertFails(backfill("unknown-tenant", "--tenant", "nobody"), "holds no documents of tenants [nobody]");
        assertFails(backfill("bad name"), "a backfill name is");
        assertFails(backfill("past-end", "--to", "0:999"), "past its end");
        assertFails(backfill("no-such-partition", "--from", "7:0"), "does not have");
        assertFails(backfill("gibberish", "--from", "yesterday"), "neither an ISO-8601 time");
        assertFails(backfill("store-range", "--from-store", "--from", now.toString()), "--from and --to bound");
        assertFails(backfill("file-tenant", "--from-file", "x.jsonl", "--tenant", "a"), "replays whole files");
        assertFails(backfill("no-file", "--from-file", "no-such-file.jsonl"), "cannot read file");
        String[] unknownTopic = backfill("unknown-topic");
        unknownTopic[Arrays.asList(unknownTopic).indexOf("--topic") + 1] = "no-such-topic-" + UUID.randomUUID();
        assertFails(unknownTopic, "do not exist");
        try (BackfillRecords.Hold held = records().hold("busy")) {
            assertFails(backfill("busy"), "backfill busy is already running");
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM backfills")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no backfill recorded").isZero();
        }

        Run done = cli(backfill("done", "--allow-new-tenants"));
        assertThat(done.exit).as(done.err).isZero();
        assertFails(backfill("done", "--allow-new-tenants"), "backfill done finished at");
        assertFails(backfill("done", "--tenant", "a"), "finished at");
    }

    /**
     * The gauges every reading subtask of the in-process run of backfill {@code name} registered
     * (the same whole-backfill figures on each), and the records its subtasks counted as read.
     */
    private static void assertProgressMetrics(String name, long total, long doneBefore, long read) {
        Map<String, List<Long>> values = new HashMap<>();
        METRICS.getMetricsByGroup().forEach((group, metrics) -> {
            if (("vectorline-backfill-" + name).equals(group.getAllVariables().get("<job_name>"))) {
                metrics.forEach((metric, value) -> values.computeIfAbsent(metric, m -> new ArrayList<>())
                        .add(asLong(value)));
            }
        });
        assertThat(values.get(BackfillTotals.TOTAL)).as("on every reading subtask").isNotEmpty()
                .containsOnly(total);
        assertThat(values.get(BackfillTotals.DONE_BEFORE)).hasSameSizeAs(values.get(BackfillTotals.TOTAL))
                .containsOnly(doneBefore);
        assertThat(values.get(BackfillJob.RECORDS_READ).stream().mapToLong(Long::longValue).sum()).isEqualTo(read);
    }

    private static long asLong(Metric metric) {
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        return metric instanceof Gauge<?> gauge && gauge.getValue() instanceof Number number ? number.longValue() : -1;
    }

    private void assertFails(String[] args, String message) {
        Run run = cli(args);
        assertThat(run.exit).as("exit code of %s", String.join(" ", args)).isEqualTo(1);
        assertThat(run.err).contains(message);
    }

    private String[] backfill(String name, String... more) {
        return Stream.concat(Stream.of("backfill", "--name", name, "--bootstrap-servers", bootstrap, "--jdbc-url",
                jdbcUrl, "--topic", topic, "--flush-age", "200ms", "--checkpoint-interval", "2s"), Stream.of(more))
                .toArray(String[]::new);
    }

    private record Run(int exit, String out, String err) {}

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = VectorlineCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** The CLI in a JVM of its own (embedded Flink), so it can be killed as an operator's would be. */
    private static Process childCli(String[] args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), VectorlineCli.class.getName()));
        command.addAll(Arrays.asList(args));
        File log = Path.of("target", "backfill-child-" + UUID.randomUUID() + ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log));
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        return builder.start();
    }

    private long awaitPosition(Process child, String name, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                Optional<BackfillRecords.Recorded> recorded = recorded(name);
                long position = recorded.isEmpty() ? 0 : admin.listConsumerGroupOffsets(recorded.get().plan()
                        .groupId()).partitionsToOffsetAndMetadata().get().values().stream()
                        .filter(Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
                if (position >= atLeast) {
                    return position;
                }
                assertThat(child.isAlive()).as("the backfill's JVM runs (its log is in target/)").isTrue();
                assertThat(System.nanoTime()).as("backfill %s past %d records", name, atLeast).isLessThan(deadline);
                Thread.sleep(200);
            }
        }
    }

    private long awaitStorePosition(Process child, String name, long atLeast, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        BackfillPositions positions = new BackfillPositions(ConnectionFactory.of(jdbcUrl));
        while (true) {
            long position = recorded(name).isEmpty() ? 0 : positions.read(name);
            if (position >= atLeast) {
                return position;
            }
            assertThat(child.isAlive()).as("the backfill's JVM runs (its log is in target/)").isTrue();
            assertThat(System.nanoTime()).as("backfill %s past %d documents", name, atLeast).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static String[] append(String[] args, String... more) {
        return Stream.concat(Arrays.stream(args), Arrays.stream(more)).toArray(String[]::new);
    }

    /** The backfill as recorded, or nothing until the child has migrated the store and recorded it. */
    private Optional<BackfillRecords.Recorded> recorded(String name) {
        try {
            return records().find(name);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    private BackfillRecords records() {
        return new BackfillRecords(ConnectionFactory.of(jdbcUrl));
    }

    private static JsonNode lastJson(String out) throws Exception {
        String[] lines = out.strip().split("\\R");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static JsonlDocuments.Event event(String tenant, String doc, long version) {
        return new JsonlDocuments.Event(key(tenant, doc), DocumentEvent.newBuilder()
                .setTenantId(tenant)
                .setDocId(doc)
                .setVersion(version)
                .setTitle(doc)
                .setBody("Version " + version + " of " + doc + " of tenant " + tenant + ": vectors and shards.")
                .setMetadata(Map.of())
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + version))
                .build());
    }

    /** A version whose body makes several chunks of a few dozen tokens. */
    private static JsonlDocuments.Event longEvent(String tenant, String doc, long version) {
        StringBuilder body = new StringBuilder();
        for (int sentence = 0; sentence < 12; sentence++) {
            body.append("Sentence ").append(sentence).append(" of version ").append(version).append(" of ").append(doc)
                    .append(" of tenant ").append(tenant).append(" speaks of vectors, shards and replays. ");
        }
        return new JsonlDocuments.Event(key(tenant, doc), DocumentEvent.newBuilder()
                .setTenantId(tenant)
                .setDocId(doc)
                .setVersion(version)
                .setTitle(doc)
                .setBody(body.toString())
                .setMetadata(Map.of("kind", "long"))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + version))
                .build());
    }

    private static JsonlDocuments.Event tombstone(String tenant, String doc) {
        return new JsonlDocuments.Event(key(tenant, doc), null);
    }

    private static DocumentKey key(String tenant, String doc) {
        return DocumentKey.newBuilder().setTenantId(tenant).setDocId(doc).build();
    }
}

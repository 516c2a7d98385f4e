package io.vectorline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.job.IngestJob;
import io.vectorline.job.JobConfig;
import io.vectorline.job.TestJobs;
import io.vectorline.job.source.JsonlDocuments;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.testing.TestServices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backfill of the whole topic and the live job write the same tables at the same time, while
 * new versions keep arriving: both run to their end without a failure, and every document ends
 * at its newest version with the chunks of that version.
 */
class BackfillBesideLiveJobIT {
    private static final int TENANTS = 4;
    private static final int DOCUMENTS_PER_TENANT = 60;

    /** Room for both jobs at once. */
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(4)
            .build());

    @Test
    void aBackfillBesideTheLiveJobLosesAndRegressesNothing() throws Exception {
        String bootstrap = TestServices.kafkaBootstrapServers();
        String jdbcUrl = TestServices.freshDatabase("backfill_beside_live");
        String topic = "documents-" + UUID.randomUUID();
        KafkaTopics.create(bootstrap, topic, JobConfig.deadLetterTopicFor(topic), 4, DocumentsRetention.COMPACT);
        Map<String, Long> newest = new HashMap<>();
        DocumentPublisher.publish(bootstrap, topic, versions(1, 1, newest));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.build(env, TestJobs.config(bootstrap, topic, jdbcUrl, 8, Duration.ofMillis(300)).build());
        JobClient live = env.executeAsync("vectorline-live");
        try {
            awaitStored(jdbcUrl, TENANTS * DOCUMENTS_PER_TENANT / 3);
            CompletableFuture<Integer> backfill = CompletableFuture.supplyAsync(() -> VectorlineCli.commandLine()
                    .setOut(new PrintWriter(new StringWriter())).execute("backfill", "--name", "beside-live",
                            "--bootstrap-servers", bootstrap, "--jdbc-url", jdbcUrl, "--topic", topic,
                            "--parallelism", "2", "--flush-age", "300ms", "--checkpoint-interval", "1s"));
            for (long version = 2; version <= 4; version++) {
                DocumentPublisher.publish(bootstrap, topic, versions(version, version, newest));
                Thread.sleep(500);
            }
            assertThat(backfill.get(5, TimeUnit.MINUTES)).as("the backfill's exit code").isZero();
            awaitVersions(jdbcUrl, newest);
            assertThat(live.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(StoredVersions.chunksOfAnotherVersion(jdbcUrl)).isZero();
            assertThat(StoredVersions.documentsWithoutChunks(jdbcUrl)).isZero();
        } finally {
            live.cancel().get();
        }
    }

    /** Version {@code version} of every {@code every}-th document (all at version 1). */
    private static List<JsonlDocuments.Event> versions(long version, long every, Map<String, Long> newest) {
        List<JsonlDocuments.Event> events = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            for (int d = 0; d < DOCUMENTS_PER_TENANT; d += (int) every) {
                String tenant = "tenant-" + t;
                String doc = "doc-" + d;
                events.add(new JsonlDocuments.Event(DocumentKey.newBuilder().setTenantId(tenant).setDocId(doc).build(),
                        DocumentEvent.newBuilder()
                                .setTenantId(tenant)
                                .setDocId(doc)
                                .setVersion(version)
                                .setTitle(doc)
                                .setBody("Version " + version + " of " + doc + ". " + "Shards and vectors. ".repeat(
                                        (int) (5 + version * 7)))
                                .setMetadata(Map.of())
                                .setEventTime(Instant.now())
                                .build()));
                newest.put(tenant + "/" + doc, version);
            }
        }
        return events;
    }

    private static void awaitStored(String jdbcUrl, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (StoredVersions.of(jdbcUrl).size() < atLeast) {
            assertThat(System.nanoTime()).as("%d documents stored within 3 minutes", atLeast).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void awaitVersions(String jdbcUrl, Map<String, Long> newest) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        Map<String, Long> stored = StoredVersions.of(jdbcUrl);
        while (!stored.equals(newest) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            stored = StoredVersions.of(jdbcUrl);
        }
        assertThat(stored).containsExactlyInAnyOrderEntriesOf(newest);
    }
}

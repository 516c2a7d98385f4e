package io.vectorline.cli;

import io.vectorline.job.deadletter.DeadLetterTopic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/** Checks and creates the job's topics before it starts, so a missing topic is an error, not a restart loop. */
public final class KafkaTopics {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    private KafkaTopics() {}

    static List<String> missing(String bootstrapServers, List<String> topics)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get();
            return topics.stream().filter(t -> !existing.contains(t)).toList();
        }
    }

    /**
     * Creates the job's topics where missing, with a replication factor the cluster chooses: the
     * documents topic with {@code retention}, its records stamped by the broker as they are
     * appended ({@link #BROKER_TIME}), then the dead-letter topic sized to carry any record of the
     * documents topic with the letter's headers. Topics that exist are left as they are. Returns
     * once every partition's leader serves them. A topic the
     * controller has created can still be unknown to its leader for a moment; a producer writing
     * then is told "not leader", and an idempotent one can stall on out-of-order sequence numbers
     * until its delivery timeout drops the records.
     */
    /**
     * Record timestamps from the broker's clock, in append order per partition, rather than from
     * each producer's: what {@code --from}/{@code --to} times select, and how a replayed tombstone
     * is ordered against a stored version (docs/backfill.md#deletions).
     */
    static final Map<String, String> BROKER_TIME = Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG,
            "LogAppendTime");

    public static void create(String bootstrapServers, String topic, String deadLetterTopic, int partitions,
            DocumentsRetention retention) throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            Map<String, String> configs = new HashMap<>(retention.topicConfigs);
            configs.putAll(BROKER_TIME);
            createIfMissing(admin, new NewTopic(topic, Optional.of(partitions), Optional.empty()).configs(configs));
            // a broker asked for the new topic's configuration before it serves the topic answers "unknown topic"
            awaitLeaders(admin, List.of(topic));
            int largestRecord = DeadLetterTopic.maxMessageBytes(admin, topic);
            createIfMissing(admin, new NewTopic(deadLetterTopic, Optional.of(partitions), Optional.empty())
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(largestRecord + DeadLetterTopic.HEADROOM_BYTES))));
            awaitLeaders(admin, List.of(topic, deadLetterTopic));
        }
    }

    private static void createIfMissing(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException {
        try {
            admin.createTopics(List.of(topic)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** Asks each partition's leader for its end offset, as a producer's request would reach it, until all answer. */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            try {
                Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) ->
                        description.partitions().forEach(partition ->
                                partitions.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + topics + " were created but their leaders do not"
                            + " serve them within " + READY_WITHIN.toSeconds() + " s: " + e.getCause().getMessage(), e);
                }
                Thread.sleep(100);
            }
        }
    }
}

package io.vectorline.cli;

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
     * Creates each topic that does not exist yet, with a replication factor the cluster chooses,
     * and returns once every partition's leader serves it. A topic the controller has created can
     * still be unknown to its leader for a moment; a producer writing then is told "not leader",
     * and an idempotent one can stall on out-of-order sequence numbers until its delivery timeout
     * drops the records.
     */
    public static void create(String bootstrapServers, List<String> topics, int partitions)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            for (String topic : topics) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, topics);
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

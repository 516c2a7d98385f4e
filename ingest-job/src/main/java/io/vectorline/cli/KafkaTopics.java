package io.vectorline.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Checks and creates the job's topics before it starts, so a missing topic is an error, not a restart loop. */
final class KafkaTopics {
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

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
     * and waits until the broker lists them (a new topic's metadata arrives a moment later).
     */
    static void create(String bootstrapServers, List<String> topics, int partitions)
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
            long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
            while (!admin.listTopics().names().get().containsAll(topics)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + topics + " were created but are not listed after "
                            + VISIBLE_WITHIN.toSeconds() + " s");
                }
                Thread.sleep(100);
            }
        }
    }
}

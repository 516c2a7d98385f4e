package io.vectorline.job.deadletter;

import io.vectorline.store.jdbc.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The dead-letter topic and the sink that writes it. Letters are written in Kafka transactions
 * that commit with Flink's checkpoints, so a {@code read_committed} consumer sees each once
 * however often the job fails over. Producers are sized to the topic's {@code max.message.bytes},
 * read when the job is built; a letter that would still not fit is written without the original
 * ({@link DeadLetter#toProducerRecord}), so a dead letter never fails the job.
 */
public final class DeadLetterTopic {
    /** What a letter adds to its original: headers with the reason (at most a few KiB), framing. */
    public static final int HEADROOM_BYTES = 64 * 1024;
    /** The broker's default ceiling for transactions ({@code transaction.max.timeout.ms}). */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(15);
    private static final long MIN_BUFFER_MEMORY = 32L << 20;

    private DeadLetterTopic() {}

    /** The topic's effective {@code max.message.bytes}. */
    public static int maxMessageBytes(String bootstrapServers, String topic)
            throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            return maxMessageBytes(admin, topic);
        }
    }

    public static int maxMessageBytes(Admin admin, String topic) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        return Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value());
    }

    /**
     * Writes dead letters to {@code topic} exactly once, in transactions named after the consumer
     * group; waits out a broker outage for as long as the database's {@code retry} does.
     */
    public static KafkaSink<DeadLetter> sink(String bootstrapServers, String topic, String groupId, RetryPolicy retry,
            int maxMessageBytes) {
        Properties producer = new Properties();
        producer.setProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(maxMessageBytes));
        producer.setProperty(ProducerConfig.BUFFER_MEMORY_CONFIG,
                Long.toString(Math.max(MIN_BUFFER_MEMORY, 2L * maxMessageBytes)));
        producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(TRANSACTION_TIMEOUT.toMillis()));
        // a broker outage is a pause, like a database outage
        producer.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                Long.toString(Math.max(Duration.ofMinutes(2).toMillis(), retry.outageBudget().toMillis())));
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new DeadLetterSerializer(topic, maxMessageBytes))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("vectorline-dead-letters-" + groupId)
                .build();
    }
}

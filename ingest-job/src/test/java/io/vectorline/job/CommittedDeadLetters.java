package io.vectorline.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a dead-letter topic as its consumers should: committed transactions only. */
public final class CommittedDeadLetters {
    /** How long to keep reading after the expected count, for duplicates to show. */
    private static final Duration SETTLE = Duration.ofSeconds(5);

    private CommittedDeadLetters() {}

    /**
     * All committed letters, once {@code expected} have arrived and {@link #SETTLE} has passed for
     * more; fails unless exactly {@code expected} arrived.
     */
    public static List<ConsumerRecord<byte[], byte[]>> exactly(String bootstrap, String topic, int expected,
            Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-dlq-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (letters.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
            }
            long settled = System.nanoTime() + SETTLE.toNanos();
            while (System.nanoTime() < settled) {
                consumer.poll(Duration.ofMillis(500)).forEach(letters::add);
            }
        }
        assertThat(letters).as("committed dead letters in " + topic).hasSize(expected);
        return letters;
    }

    public static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        var header = letter.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

package io.vectorline.job.source;

import io.vectorline.model.RecordOrigin;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads single records back from Kafka by topic, partition and offset, without a consumer group:
 * a document the database refuses is dead-lettered as it was published, though only its
 * coordinates travelled with it through the job.
 */
public final class SourceRecordReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration timeout;

    public SourceRecordReader(String bootstrapServers, Duration timeout) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // an offset that retention deleted is an error, not a silent jump to the end
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.timeout = timeout;
    }

    /** The record at {@code origin}, or empty if retention or compaction removed it, or it was never in Kafka. */
    public Optional<RawRecord> read(RecordOrigin origin) throws IOException {
        if (!origin.inKafka()) {
            return Optional.empty();
        }
        TopicPartition partition = new TopicPartition(origin.topic(), origin.partition());
        consumer.assign(List.of(partition));
        consumer.seek(partition, origin.offset());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<byte[], byte[]>> records;
            try {
                records = consumer.poll(POLL).records(partition);
            } catch (OffsetOutOfRangeException e) {
                return Optional.empty();
            }
            if (!records.isEmpty()) {
                // the first record at or after the offset: another offset means compaction removed it
                ConsumerRecord<byte[], byte[]> record = records.get(0);
                return record.offset() != origin.offset() ? Optional.empty() : Optional.of(new RawRecord(
                        record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                        record.value()));
            }
        }
        throw new IOException("could not read record " + origin + " back from Kafka within " + timeout);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

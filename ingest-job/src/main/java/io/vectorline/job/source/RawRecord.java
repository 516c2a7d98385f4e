package io.vectorline.job.source;

import io.vectorline.model.RecordOrigin;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record exactly as it arrived, so a record that cannot be processed goes to the
 * dead-letter topic byte for byte.
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    /** The timestamp of a record known only by its coordinates. */
    public static final long NO_TIMESTAMP = -1;

    /** The record as Kafka delivered it. */
    public static RawRecord of(ConsumerRecord<byte[], byte[]> record) {
        return new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                record.value());
    }

    /** A record known only by its coordinates: retention or compaction removed it. */
    public static RawRecord gone(RecordOrigin origin) {
        return new RawRecord(origin.topic(), origin.partition(), origin.offset(), NO_TIMESTAMP, null, null);
    }

    public boolean isGone() {
        return timestamp == NO_TIMESTAMP && key == null && value == null;
    }

    public RecordOrigin origin() {
        return new RecordOrigin(topic, partition, offset);
    }
}

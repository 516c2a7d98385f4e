package io.vectorline.job;

import io.vectorline.sink.RecordOrigin;

/**
 * A Kafka record exactly as it arrived, so a record that cannot be processed goes to the
 * dead-letter topic byte for byte.
 */
public record RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    /** The timestamp of a record known only by its coordinates. */
    public static final long NO_TIMESTAMP = -1;

    public RecordOrigin origin() {
        return new RecordOrigin(topic, partition, offset);
    }
}

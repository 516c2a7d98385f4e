package io.vectorline.model;

import java.io.Serializable;

/**
 * Where a write came from: a Kafka record, so a document the database refuses can be
 * dead-lettered as it arrived; or what a backfill read elsewhere, known by its coordinates alone.
 */
public record RecordOrigin(String topic, int partition, long offset) implements Serializable {
    /** The pseudo-topic of documents read from the store: no Kafka topic can be named so. */
    private static final String STORE = "vectorline:store";
    /** Not a partition: the origin is not in Kafka. */
    private static final int ELSEWHERE = -1;

    /** A document read from the store, the {@code ordinal}-th of its reader. */
    public static RecordOrigin store(long ordinal) {
        return new RecordOrigin(STORE, ELSEWHERE, ordinal);
    }

    /** The line of JSON Lines file {@code path} that starts at byte {@code offset}. */
    public static RecordOrigin file(String path, long offset) {
        return new RecordOrigin("file:" + path, ELSEWHERE, offset);
    }

    public boolean fromStore() {
        return STORE.equals(topic);
    }

    /** Whether a Kafka record can be read back from these coordinates. */
    public boolean inKafka() {
        return partition != ELSEWHERE;
    }
}

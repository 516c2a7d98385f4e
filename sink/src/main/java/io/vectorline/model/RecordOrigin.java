package io.vectorline.model;

import java.io.Serializable;

/**
 * Where a write came from: a Kafka record, so a document the database refuses can be
 * dead-lettered as it arrived; or a document a backfill read back from the store.
 */
public record RecordOrigin(String topic, int partition, long offset) implements Serializable {
    /** The pseudo-topic of documents read from the store: no Kafka topic can be named so. */
    private static final String STORE = "vectorline:store";

    /** A document read from the store, the {@code ordinal}-th of its reader. */
    public static RecordOrigin store(long ordinal) {
        return new RecordOrigin(STORE, -1, ordinal);
    }

    public boolean fromStore() {
        return STORE.equals(topic);
    }
}

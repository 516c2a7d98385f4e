package io.vectorline.job;

import java.io.Serializable;
import java.time.Instant;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Where the job starts reading when it has no checkpoint: the group's committed offsets (falling
 * back to the earliest or latest offset), or the first record at or after a timestamp.
 */
public record StartingOffsets(Kind kind, Instant timestamp) implements Serializable {
    public enum Kind { COMMITTED_OR_EARLIEST, COMMITTED_OR_LATEST, TIMESTAMP }

    public StartingOffsets {
        if ((kind == Kind.TIMESTAMP) != (timestamp != null)) {
            throw new IllegalArgumentException("a timestamp goes with TIMESTAMP, and only with it");
        }
    }

    public static StartingOffsets committedOrEarliest() {
        return new StartingOffsets(Kind.COMMITTED_OR_EARLIEST, null);
    }

    public static StartingOffsets committedOrLatest() {
        return new StartingOffsets(Kind.COMMITTED_OR_LATEST, null);
    }

    public static StartingOffsets at(Instant timestamp) {
        return new StartingOffsets(Kind.TIMESTAMP, timestamp);
    }

    OffsetsInitializer toInitializer() {
        return switch (kind) {
            case COMMITTED_OR_EARLIEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case COMMITTED_OR_LATEST -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
            case TIMESTAMP -> OffsetsInitializer.timestamp(timestamp.toEpochMilli());
        };
    }
}

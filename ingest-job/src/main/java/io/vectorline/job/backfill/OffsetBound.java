package io.vectorline.job.backfill;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * One end of a replayed range, as an operator writes it: a time (the first record at or after it,
 * by Kafka timestamp) or offsets per partition ({@code 0:1200,3:0}; partitions not named keep the
 * topic's own end there), or nothing: the topic's beginning or its end when the backfill starts.
 */
public sealed interface OffsetBound {
    record TopicEdge() implements OffsetBound {}

    record AtTime(Instant time) implements OffsetBound {}

    record AtOffsets(Map<Integer, Long> offsets) implements OffsetBound {
        public AtOffsets {
            offsets = Map.copyOf(offsets);
        }
    }

    OffsetBound TOPIC_EDGE = new TopicEdge();

    /** Parses an ISO-8601 instant or {@code partition:offset[,partition:offset…]}; null is the topic's edge. */
    static OffsetBound parse(String text) {
        if (text == null) {
            return TOPIC_EDGE;
        }
        if (text.matches("\\d+:\\d+(,\\d+:\\d+)*")) {
            Map<Integer, Long> offsets = new TreeMap<>();
            for (String pair : text.split(",")) {
                int colon = pair.indexOf(':');
                int partition = Integer.parseInt(pair.substring(0, colon));
                if (offsets.put(partition, Long.parseLong(pair.substring(colon + 1))) != null) {
                    throw new IllegalArgumentException("partition " + partition + " is named twice in " + text);
                }
            }
            return new AtOffsets(offsets);
        }
        try {
            return new AtTime(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 time (2026-11-21T10:00:00Z) nor"
                    + " offsets per partition (0:1200,1:950)");
        }
    }
}

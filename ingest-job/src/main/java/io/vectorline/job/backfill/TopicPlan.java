package io.vectorline.job.backfill;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A backfill of the documents topic, fixed when it first starts: the topic's records from
 * {@code start} (inclusive) to {@code end} (exclusive) per partition, of {@code tenants} (empty:
 * all). Running the same backfill again resumes within the same range.
 *
 * @param groupId the consumer group whose committed offsets are the backfill's position: new for
 *     every plan, so offsets an earlier backfill of the same name left in Kafka never count
 */
public record TopicPlan(String name, String groupId, String topic, Map<Integer, Long> start,
        Map<Integer, Long> end, Set<String> tenants) implements BackfillPlan, Serializable {
    public TopicPlan {
        BackfillPlan.requireName(name);
        Objects.requireNonNull(groupId, "groupId");
        start = new TreeMap<>(start);
        end = new TreeMap<>(end);
        tenants = Set.copyOf(tenants);
        if (!start.keySet().equals(end.keySet())) {
            throw new IllegalArgumentException("start and end name different partitions: " + start.keySet() + " vs "
                    + end.keySet());
        }
        for (Map.Entry<Integer, Long> first : start.entrySet()) {
            long last = end.get(first.getKey());
            if (last < first.getValue()) {
                throw new IllegalArgumentException("the range ends before it starts in partition " + first.getKey()
                        + ": " + first.getValue() + " to " + last);
            }
        }
    }

    /** Records in the range, of every tenant. */
    @Override
    public long total() {
        return start.entrySet().stream().mapToLong(e -> end.get(e.getKey()) - e.getValue()).sum();
    }

    /** Per partition, where to read on from {@code position}: within the range, its start where it has none. */
    public Map<Integer, Long> resumeFrom(Map<Integer, Long> position) {
        Map<Integer, Long> from = new TreeMap<>();
        end.forEach((partition, last) -> from.put(partition,
                Math.max(start.get(partition), Math.min(last, position.getOrDefault(partition, start.get(partition))))));
        return from;
    }

    /** Records from {@code position} to the end. */
    public long remaining(Map<Integer, Long> position) {
        return resumeFrom(position).entrySet().stream().mapToLong(e -> end.get(e.getKey()) - e.getValue()).sum();
    }
}

package io.vectorline.job.backfill;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@code --from}/{@code --to} into offsets per partition, asking the brokers, before any work starts. */
public final class BackfillRanges {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRanges.class);

    private final Admin admin;

    public BackfillRanges(Admin admin) {
        this.admin = admin;
    }

    /** The plan of a new backfill; fails with the reason when the range is wrong or empty. */
    public TopicPlan resolve(String name, String topic, OffsetBound from, OffsetBound to, Set<String> tenants)
            throws ExecutionException, InterruptedException {
        if (from instanceof OffsetBound.AtTime start && to instanceof OffsetBound.AtTime end
                && end.time().isBefore(start.time())) {
            throw new IllegalArgumentException("--to " + end.time() + " is before --from " + start.time());
        }
        List<TopicPartition> partitions = partitions(topic);
        Map<Integer, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        Map<Integer, Long> latest = offsets(partitions, OffsetSpec.latest());
        Map<Integer, Long> start = bound("--from", from, partitions, earliest, earliest, latest);
        Map<Integer, Long> end = bound("--to", to, partitions, latest, earliest, latest);
        TopicPlan plan = new TopicPlan(name, BackfillPlan.newGroupId(name), topic, start, end, tenants);
        if (plan.total() == 0) {
            throw new IllegalArgumentException("the range holds no records of topic " + topic + " (from " + start
                    + " to " + end + " per partition): nothing to replay");
        }
        return plan;
    }

    private List<TopicPartition> partitions(String topic) throws ExecutionException, InterruptedException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new IllegalArgumentException("topic " + topic + " does not exist", e);
            }
            throw e;
        }
    }

    /** Offsets per partition of one end; {@code edge} where the bound names nothing. */
    private Map<Integer, Long> bound(String option, OffsetBound bound, List<TopicPartition> partitions,
            Map<Integer, Long> edge, Map<Integer, Long> earliest, Map<Integer, Long> latest)
            throws ExecutionException, InterruptedException {
        Map<Integer, Long> offsets = new TreeMap<>(edge);
        if (bound instanceof OffsetBound.AtTime at) {
            offsets.putAll(atTime(partitions, at.time(), latest));
        } else if (bound instanceof OffsetBound.AtOffsets given) {
            for (Map.Entry<Integer, Long> offset : given.offsets().entrySet()) {
                int partition = offset.getKey();
                if (!edge.containsKey(partition)) {
                    throw new IllegalArgumentException(option + " names partition " + partition + ", which topic "
                            + partitions.get(0).topic() + " does not have (it has " + partitions.size() + ")");
                }
                if (offset.getValue() > latest.get(partition)) {
                    throw new IllegalArgumentException(option + " offset " + offset.getValue() + " of partition "
                            + partition + " is past its end, " + latest.get(partition));
                }
                if (offset.getValue() < earliest.get(partition)) {
                    LOG.warn("{} offset {} of partition {} is no longer in the topic (retention or compaction);"
                            + " the partition starts at {}", option, offset.getValue(), partition,
                            earliest.get(partition));
                }
                offsets.put(partition, Math.max(offset.getValue(), earliest.get(partition)));
            }
        }
        return offsets;
    }

    /** The first offset at or after {@code time} per partition; the partition's end where none is. */
    private Map<Integer, Long> atTime(List<TopicPartition> partitions, Instant time, Map<Integer, Long> latest)
            throws ExecutionException, InterruptedException {
        Map<Integer, Long> offsets = offsets(partitions, OffsetSpec.forTimestamp(time.toEpochMilli()));
        offsets.replaceAll((partition, offset) -> offset < 0 ? latest.get(partition) : offset);
        return offsets;
    }

    private Map<Integer, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get();
        Map<Integer, Long> offsets = new TreeMap<>();
        result.forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
        return offsets;
    }

    /** The backfill's position: its group's committed offsets, per partition (none before its first commit). */
    public Map<Integer, Long> position(TopicPlan plan) throws ExecutionException, InterruptedException {
        Map<Integer, Long> position = new TreeMap<>();
        admin.listConsumerGroupOffsets(plan.groupId()).partitionsToOffsetAndMetadata().get().forEach((p, offset) -> {
            if (offset != null && p.topic().equals(plan.topic())) {
                position.put(p.partition(), offset.offset());
            }
        });
        return position;
    }
}

package io.vectorline.job.backfill;

import io.vectorline.job.JobConfig;
import io.vectorline.job.Pipeline;
import io.vectorline.job.backfill.source.ReplayPages;
import io.vectorline.job.backfill.source.ReplaySource;
import io.vectorline.job.backfill.source.ReplaySplit;
import io.vectorline.job.source.RawRecord;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.PgConnections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill: the same {@link Pipeline} as the live job, fed by a bounded read, so the job ends by
 * itself: of the documents topic from a position to the plan's end, its consumer group committing
 * the position on every checkpoint; or of the store's documents or of files, its readers recording
 * their position on every checkpoint ({@link BackfillPositions}). Started again, the backfill goes on
 * from there.
 */
public final class BackfillJob {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillJob.class);
    /** Metric of the source's subtasks: records (or stored documents) of the backfill read. */
    public static final String RECORDS_READ = "backfillRecordsRead";
    /** Records a reader of the store or of files fetches at a time. */
    private static final int REPLAY_PAGE_SIZE = 200;

    private BackfillJob() {}

    /**
     * Adds the backfill to {@code env}, reading from {@code position} (per partition; the plan's
     * start where it has none, or is outside the range) to the plan's end, as the plan's consumer
     * group. {@code settings} must name the plan's topic; the store is prepared by then
     * ({@link io.vectorline.job.StoreSetup}), since the plan is recorded in it.
     */
    public static void fromTopic(StreamExecutionEnvironment env, JobConfig settings, TopicPlan plan,
            Map<Integer, Long> position, BackfillPace pace) throws ExecutionException, InterruptedException {
        if (!settings.topic().equals(plan.topic())) {
            throw new IllegalArgumentException("backfill " + plan.name() + " reads " + plan.topic() + ", not "
                    + settings.topic());
        }
        JobConfig config = settings.withGroupId(plan.groupId());
        Pipeline.configure(env, config);
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> to = new HashMap<>();
        plan.resumeFrom(position).forEach((partition, at) -> {
            from.put(new TopicPartition(plan.topic(), partition), at);
            to.put(new TopicPartition(plan.topic(), partition), plan.end().get(partition));
        });
        // as many readers as partitions at most, so every reader has records and its share of the rate
        int readers = Math.min(env.getParallelism(), plan.end().size());
        LOG.info("building backfill {}: {} records of {} left of {} ({} per partition, to {}), tenants {}, {},"
                + " {} readers → {}", plan.name(), plan.remaining(position), plan.topic(), plan.total(), from,
                plan.end(), plan.tenants().isEmpty() ? "all" : plan.tenants(), pace, readers,
                PgConnections.redact(config.sink().options().jdbcUrl()));
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(plan.topic())
                .setGroupId(plan.groupId())
                .setStartingOffsets(OffsetsInitializer.offsets(from))
                .setBounded(OffsetsInitializer.offsets(to))
                .setDeserializer(new ReplayDeserializer(plan.tenants(), pace.documentsPerSecond() / readers,
                        new BackfillTotals(plan.total(), plan.total() - plan.remaining(position))))
                .build();
        Pipeline.attach(config, env.fromSource(source, WatermarkStrategy.noWatermarks(),
                        "kafka: " + plan.topic() + " (backfill " + plan.name() + ")")
                .setParallelism(readers)
                .uid("kafka-source"), pace.chunksPerSecond(), true);
    }

    /**
     * Adds a backfill read through {@code pages} to {@code env} (the store's documents, or files),
     * each split from its position on, into the tables and with the model of {@code settings}.
     */
    public static void fromSplits(StreamExecutionEnvironment env, JobConfig settings, BackfillPlan plan,
            ReplayPages.Opener pages, List<ReplaySplit> splits, BackfillPace pace)
            throws ExecutionException, InterruptedException {
        JobConfig config = settings.withGroupId(plan.groupId());
        Pipeline.configure(env, config);
        String jdbcUrl = config.sink().options().jdbcUrl();
        String source = BackfillRecords.sourceName(plan);
        // a reader per split at most; each takes the next split when done with one. Files are read
        // by one reader, in order: a later file's tombstone must come after an earlier file's version
        int readers = plan instanceof FilePlan ? 1 : Math.max(1, Math.min(env.getParallelism(), splits.size()));
        BackfillTotals totals = new BackfillTotals(plan.total(), splits.stream().mapToLong(ReplaySplit::read).sum());
        LOG.info("building backfill {}: {}, {} splits, {} of {} records left, {}, {} readers → {}", plan.name(),
                source, splits.size(), totals.total() - totals.doneBefore(), totals.total(), pace, readers,
                PgConnections.redact(jdbcUrl));
        ReplaySource replay = new ReplaySource(plan.name(), ConnectionFactory.of(jdbcUrl), pages, splits,
                REPLAY_PAGE_SIZE, pace.documentsPerSecond() / readers, totals);
        Pipeline.attach(config, env.fromSource(replay, WatermarkStrategy.noWatermarks(),
                        source + " (backfill " + plan.name() + ")")
                .setParallelism(readers)
                .uid("replay-source"), pace.chunksPerSecond(), true);
    }
}

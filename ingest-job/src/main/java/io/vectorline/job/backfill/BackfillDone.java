package io.vectorline.job.backfill;

import java.sql.SQLException;
import java.util.concurrent.ExecutionException;

/**
 * How much of a backfill is done, as of its last completed checkpoint: records of the range behind
 * its consumer group's committed offsets (topic), or records its readers recorded (store, files).
 */
public final class BackfillDone {
    private final BackfillRanges ranges;
    private final BackfillPositions positions;

    public BackfillDone(BackfillRanges ranges, BackfillPositions positions) {
        this.ranges = ranges;
        this.positions = positions;
    }

    public long of(BackfillPlan plan) throws ExecutionException, InterruptedException, SQLException {
        if (plan instanceof TopicPlan topic) {
            return topic.total() - topic.remaining(ranges.position(topic));
        }
        return positions.read(plan.name());
    }
}

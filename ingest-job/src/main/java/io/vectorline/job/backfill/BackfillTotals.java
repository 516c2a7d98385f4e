package io.vectorline.job.backfill;

import java.io.Serializable;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;

/**
 * A backfill's total and what was done before this run, as gauges on each reading subtask next
 * to its {@link BackfillJob#RECORDS_READ} counter, so a dashboard shows what is left and when it
 * ends: {@code total - doneBefore - sum(read)} at the rate of {@code sum(read)}.
 */
public record BackfillTotals(long total, long doneBefore) implements Serializable {
    /** Gauges: records (or stored documents) the backfill reads in all, and those read by earlier runs. */
    public static final String TOTAL = "backfillRecordsTotal";
    public static final String DONE_BEFORE = "backfillRecordsDoneBefore";

    public void registerOn(MetricGroup group) {
        group.gauge(TOTAL, (Gauge<Long>) () -> total);
        group.gauge(DONE_BEFORE, (Gauge<Long>) () -> doneBefore);
    }
}

package io.vectorline.job.backfill.source;

import io.vectorline.job.backfill.BackfillTotals;
import io.vectorline.job.source.RawRecord;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The records of backfill {@code name}'s splits, each from its position on, read through
 * {@code pages}, at most {@code recordsPerSecondPerReader} per reader (0: no limit); positions are
 * recorded in the store at {@code positions}.
 */
public record ReplaySource(String name, ConnectionFactory positions, ReplayPages.Opener pages,
        List<ReplaySplit> splits, int pageSize, double recordsPerSecondPerReader, BackfillTotals totals)
        implements Source<RawRecord, ReplaySplit, List<ReplaySplit>> {
    public ReplaySource {
        splits = List.copyOf(splits);
        if (pageSize < 1) {
            throw new IllegalArgumentException("page size must be positive, got " + pageSize);
        }
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SourceReader<RawRecord, ReplaySplit> createReader(SourceReaderContext context) {
        return new ReplayReader(context, this);
    }

    @Override
    public SplitEnumerator<ReplaySplit, List<ReplaySplit>> createEnumerator(
            SplitEnumeratorContext<ReplaySplit> context) {
        return new ReplaySplitQueue(context, splits);
    }

    @Override
    public SplitEnumerator<ReplaySplit, List<ReplaySplit>> restoreEnumerator(
            SplitEnumeratorContext<ReplaySplit> context, List<ReplaySplit> remaining) {
        return new ReplaySplitQueue(context, remaining);
    }

    @Override
    public SimpleVersionedSerializer<ReplaySplit> getSplitSerializer() {
        return new ReplaySplitSerializer.One();
    }

    @Override
    public SimpleVersionedSerializer<List<ReplaySplit>> getEnumeratorCheckpointSerializer() {
        return new ReplaySplitSerializer.Remaining();
    }
}

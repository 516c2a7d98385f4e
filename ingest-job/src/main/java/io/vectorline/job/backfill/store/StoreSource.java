package io.vectorline.job.backfill.store;

import io.vectorline.job.backfill.BackfillTotals;
import io.vectorline.job.source.RawRecord;
import io.vectorline.store.StoreTables;
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
 * The documents of backfill {@code name}'s tenants as stored in {@code tables}, from each split's
 * position on, at most {@code documentsPerSecondPerReader} per reader (0: no limit).
 */
public record StoreSource(String name, ConnectionFactory connections, StoreTables tables, List<StoreSplit> splits,
        int pageSize, double documentsPerSecondPerReader, BackfillTotals totals)
        implements Source<RawRecord, StoreSplit, List<StoreSplit>> {
    public StoreSource {
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
    public SourceReader<RawRecord, StoreSplit> createReader(SourceReaderContext context) {
        return new StoreReader(context, this);
    }

    @Override
    public SplitEnumerator<StoreSplit, List<StoreSplit>> createEnumerator(SplitEnumeratorContext<StoreSplit> context) {
        return new StoreSplitQueue(context, splits);
    }

    @Override
    public SplitEnumerator<StoreSplit, List<StoreSplit>> restoreEnumerator(SplitEnumeratorContext<StoreSplit> context,
            List<StoreSplit> remaining) {
        return new StoreSplitQueue(context, remaining);
    }

    @Override
    public SimpleVersionedSerializer<StoreSplit> getSplitSerializer() {
        return new StoreSplitSerializer.One();
    }

    @Override
    public SimpleVersionedSerializer<List<StoreSplit>> getEnumeratorCheckpointSerializer() {
        return new StoreSplitSerializer.Remaining();
    }
}

package io.vectorline.job.backfill.store;

import io.vectorline.job.backfill.BackfillJob;
import io.vectorline.job.backfill.BackfillPositions;
import io.vectorline.job.pace.Paces;
import io.vectorline.job.source.RawRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads its splits one after another, a page at a time, at its share of the backfill's rate. What
 * it read up to a checkpoint is in the store once that checkpoint completes, so only then are the
 * positions of that checkpoint written to {@link BackfillPositions}.
 */
final class StoreReader implements SourceReader<RawRecord, StoreSplit> {
    private static final Logger LOG = LoggerFactory.getLogger(StoreReader.class);

    private final SourceReaderContext context;
    private final StoreSource source;
    private final StoredDocumentPages pages;
    private final BackfillPositions positions;
    private final Deque<StoreSplit> assigned = new ArrayDeque<>();
    private final Deque<StoredDocumentPages.StoredDocument> page = new ArrayDeque<>();
    /** Splits whose position moved since the last snapshot, by tenant. */
    private final Map<String, StoreSplit> moved = new LinkedHashMap<>();
    /** Positions as of each checkpoint not yet known to be complete. */
    private final NavigableMap<Long, List<StoreSplit>> pendingPositions = new TreeMap<>();
    private final Counter documentsRead;
    private final RateLimiter<?> pace;
    private StoreSplit current;
    private boolean noMoreSplits;
    private boolean splitRequested;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    StoreReader(SourceReaderContext context, StoreSource source) {
        this.context = context;
        this.source = source;
        this.pages = new StoredDocumentPages(source.connections(), source.tables());
        this.positions = new BackfillPositions(source.connections());
        this.documentsRead = context.metricGroup().counter(BackfillJob.RECORDS_READ);
        source.totals().registerOn(context.metricGroup());
        this.pace = source.documentsPerSecondPerReader() > 0
                ? Paces.limiter(source.documentsPerSecondPerReader(), 1) : null;
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
        if (current == null) {
            current = assigned.poll();
            if (current == null) {
                return awaitSplit();
            }
        }
        if (page.isEmpty()) {
            page.addAll(pages.next(current, source.pageSize()));
            if (page.isEmpty()) {
                LOG.info("backfill {}: read all {} stored documents of tenant {}", source.name(),
                        current.documentsRead(), current.tenantId());
                moved.put(current.tenantId(), current);
                current = null;
                return InputStatus.MORE_AVAILABLE;
            }
        }
        StoredDocumentPages.StoredDocument next = page.poll();
        if (pace != null) {
            Paces.await(pace, 1);
        }
        output.collect(next.record());
        documentsRead.inc();
        current = current.after(next.docId());
        moved.put(current.tenantId(), current);
        return InputStatus.MORE_AVAILABLE;
    }

    private InputStatus awaitSplit() {
        if (noMoreSplits) {
            return InputStatus.END_OF_INPUT;
        }
        if (!splitRequested) {
            splitRequested = true;
            context.sendSplitRequest();
        }
        if (available.isDone()) {
            available = new CompletableFuture<>();
        }
        return InputStatus.NOTHING_AVAILABLE;
    }

    @Override
    public List<StoreSplit> snapshotState(long checkpointId) {
        pendingPositions.put(checkpointId, new ArrayList<>(moved.values()));
        moved.clear();
        List<StoreSplit> state = new ArrayList<>();
        if (current != null) {
            state.add(current);
        }
        state.addAll(assigned);
        return state;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        Map<Long, List<StoreSplit>> complete = pendingPositions.headMap(checkpointId, true);
        Map<String, StoreSplit> latest = new LinkedHashMap<>();
        complete.values().forEach(splits -> splits.forEach(split -> latest.put(split.tenantId(), split)));
        complete.clear();
        if (!latest.isEmpty()) {
            positions.save(source.name(), latest.values());
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return available;
    }

    @Override
    public void addSplits(List<StoreSplit> splits) {
        assigned.addAll(splits);
        splitRequested = false;
        available.complete(null);
    }

    @Override
    public void notifyNoMoreSplits() {
        noMoreSplits = true;
        available.complete(null);
    }

    @Override
    public void close() throws Exception {
        pages.close();
    }
}

package io.vectorline.job.backfill.source;

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
final class ReplayReader implements SourceReader<RawRecord, ReplaySplit> {
    private static final Logger LOG = LoggerFactory.getLogger(ReplayReader.class);

    private final SourceReaderContext context;
    private final ReplaySource source;
    private final ReplayPages pages;
    private final BackfillPositions positions;
    private final Deque<ReplaySplit> assigned = new ArrayDeque<>();
    private final Deque<ReplayPages.Entry> page = new ArrayDeque<>();
    /** Splits whose position moved since the last snapshot, by id. */
    private final Map<String, ReplaySplit> moved = new LinkedHashMap<>();
    /** Positions as of each checkpoint not yet known to be complete. */
    private final NavigableMap<Long, List<ReplaySplit>> pendingPositions = new TreeMap<>();
    private final Counter recordsRead;
    private final RateLimiter<?> pace;
    private ReplaySplit current;
    private boolean noMoreSplits;
    private boolean splitRequested;
    private CompletableFuture<Void> available = new CompletableFuture<>();

    ReplayReader(SourceReaderContext context, ReplaySource source) {
        this.context = context;
        this.source = source;
        this.pages = source.pages().open();
        this.positions = new BackfillPositions(source.positions());
        this.recordsRead = context.metricGroup().counter(BackfillJob.RECORDS_READ);
        source.totals().registerOn(context.metricGroup());
        this.pace = source.recordsPerSecondPerReader() > 0
                ? Paces.limiter(source.recordsPerSecondPerReader(), 1) : null;
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
                LOG.info("backfill {}: read all {} records of {}", source.name(), current.read(), current.id());
                moved.put(current.id(), current);
                current = null;
                return InputStatus.MORE_AVAILABLE;
            }
        }
        ReplayPages.Entry next = page.poll();
        if (pace != null) {
            Paces.await(pace, 1);
        }
        output.collect(next.record());
        recordsRead.inc();
        current = current.after(next.after());
        moved.put(current.id(), current);
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
    public List<ReplaySplit> snapshotState(long checkpointId) {
        pendingPositions.put(checkpointId, new ArrayList<>(moved.values()));
        moved.clear();
        List<ReplaySplit> state = new ArrayList<>();
        if (current != null) {
            state.add(current);
        }
        state.addAll(assigned);
        return state;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        Map<Long, List<ReplaySplit>> complete = pendingPositions.headMap(checkpointId, true);
        Map<String, ReplaySplit> latest = new LinkedHashMap<>();
        complete.values().forEach(splits -> splits.forEach(split -> latest.put(split.id(), split)));
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
    public void addSplits(List<ReplaySplit> splits) {
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

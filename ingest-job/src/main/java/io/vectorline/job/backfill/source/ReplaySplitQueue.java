package io.vectorline.job.backfill.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** Hands out the splits one at a time to readers that ask, so a reader done early takes the next. */
final class ReplaySplitQueue implements SplitEnumerator<ReplaySplit, List<ReplaySplit>> {
    private final SplitEnumeratorContext<ReplaySplit> context;
    private final Deque<ReplaySplit> remaining;

    ReplaySplitQueue(SplitEnumeratorContext<ReplaySplit> context, Collection<ReplaySplit> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        ReplaySplit next = remaining.poll();
        if (next == null) {
            context.signalNoMoreSplits(subtaskId);
        } else {
            context.assignSplit(next, subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<ReplaySplit> splits, int subtaskId) {
        splits.forEach(remaining::addFirst);
    }

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public List<ReplaySplit> snapshotState(long checkpointId) {
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}
}

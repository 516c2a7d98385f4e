package io.vectorline.job.backfill.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/** Hands out the tenants' splits one at a time to readers that ask, so a reader done early takes the next. */
final class StoreSplitQueue implements SplitEnumerator<StoreSplit, List<StoreSplit>> {
    private final SplitEnumeratorContext<StoreSplit> context;
    private final Deque<StoreSplit> remaining;

    StoreSplitQueue(SplitEnumeratorContext<StoreSplit> context, Collection<StoreSplit> splits) {
        this.context = context;
        this.remaining = new ArrayDeque<>(splits);
    }

    @Override
    public void start() {}

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        StoreSplit next = remaining.poll();
        if (next == null) {
            context.signalNoMoreSplits(subtaskId);
        } else {
            context.assignSplit(next, subtaskId);
        }
    }

    @Override
    public void addSplitsBack(List<StoreSplit> splits, int subtaskId) {
        splits.forEach(remaining::addFirst);
    }

    @Override
    public void addReader(int subtaskId) {}

    @Override
    public List<StoreSplit> snapshotState(long checkpointId) {
        return new ArrayList<>(remaining);
    }

    @Override
    public void close() {}
}

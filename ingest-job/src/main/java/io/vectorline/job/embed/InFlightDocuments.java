package io.vectorline.job.embed;

import io.vectorline.model.DocumentRef;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The latest state of each document this subtask emitted since the last completed checkpoint:
 * the database may not hold it yet, so it, not the database, is what the next version is compared
 * with. Once a checkpoint completes, the sink has committed everything emitted before its
 * barrier, and those entries are dropped; memory stays bounded by one checkpoint interval.
 */
final class InFlightDocuments {
    private record Entry(KnownDocument state, long sequence) {}

    private final Map<DocumentRef, Entry> byDocument = new HashMap<>();
    private final NavigableMap<Long, Long> sequenceAtCheckpoint = new TreeMap<>();
    private long sequence;

    KnownDocument get(DocumentRef ref) {
        Entry entry = byDocument.get(ref);
        return entry == null ? null : entry.state();
    }

    void emitted(DocumentRef ref, KnownDocument state) {
        byDocument.put(ref, new Entry(state, ++sequence));
    }

    /** Everything emitted so far precedes the barrier of {@code checkpointId}. */
    void checkpointTaken(long checkpointId) {
        sequenceAtCheckpoint.put(checkpointId, sequence);
    }

    /** Drops what checkpoint {@code checkpointId} (and any before it) made durable. */
    void checkpointCompleted(long checkpointId) {
        NavigableMap<Long, Long> done = sequenceAtCheckpoint.headMap(checkpointId, true);
        if (done.isEmpty()) {
            return;
        }
        long durable = done.lastEntry().getValue();
        done.clear();
        for (Iterator<Entry> entries = byDocument.values().iterator(); entries.hasNext(); ) {
            if (entries.next().sequence() <= durable) {
                entries.remove();
            }
        }
    }

    int size() {
        return byDocument.size();
    }
}

package io.vectorline.sink.internal;

import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentUpsert;
import java.util.HashMap;
import java.util.Map;

/**
 * The latest refused write of each document, for the writes that build on it. The job plans a new
 * version against what it emitted since the last completed checkpoint, not knowing the database
 * refused it; such a version keeps chunks that were never stored. It is applied folded over the
 * refused write instead, as if both had arrived in one flush: its own fields and changed chunks,
 * the refused write's other chunks.
 *
 * <p>No write planned after the next completed checkpoint builds on a refused one (it is planned
 * against the database), so a refusal is forgotten after {@link #KEPT_FOR_CHECKPOINTS} checkpoints.
 */
public final class RefusedWrites {
    static final int KEPT_FOR_CHECKPOINTS = 3;

    private record Remembered(DocumentUpsert write, long checkpoint) {}

    private final Map<DocumentRef, Remembered> byDocument = new HashMap<>();
    private long checkpoints;

    /** {@code document} as it can be applied: folded over the refused write it builds on, if any. */
    public PendingWrites.Pending resolve(PendingWrites.Pending document) {
        Remembered refused = byDocument.get(document.ref());
        if (refused == null || !document.buildsOnStored()
                || document.upsert().basisVersion() != refused.write().version()) {
            return document;
        }
        return new PendingWrites.Pending(document.ref(), document.deleteFirst(),
                document.upsert().over(refused.write()), document.writes());
    }

    public void stored(PendingWrites.Pending document) {
        byDocument.remove(document.ref());
    }

    public void refused(PendingWrites.Pending document) {
        if (document.upsert() == null) {
            byDocument.remove(document.ref());
        } else {
            byDocument.put(document.ref(), new Remembered(document.upsert(), checkpoints));
        }
    }

    /** A checkpoint's flush is done. */
    public void checkpointFlushed() {
        checkpoints++;
        byDocument.values().removeIf(remembered -> checkpoints - remembered.checkpoint() > KEPT_FOR_CHECKPOINTS);
    }

    int size() {
        return byDocument.size();
    }
}

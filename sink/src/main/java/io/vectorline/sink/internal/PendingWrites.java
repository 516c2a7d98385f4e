package io.vectorline.sink.internal;

import io.vectorline.model.DocumentDelete;
import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.RecordOrigin;
import io.vectorline.store.StagedDocument;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes buffered between flushes, folded per document in arrival order so a flush applies each
 * document once: a delete wipes what came before it, a newer version replaces an older one, and
 * an older or equal version is dropped (the first write of a version wins, as in the database).
 * A newer version keeps the chunks the one it replaces writes and it does not. Each document
 * keeps the writes folded into it, so one the database refuses can be applied write by write and
 * only the bad ones refused.
 */
public final class PendingWrites {
    /**
     * One document's net effect: optionally delete what is stored, then optionally upsert;
     * {@code writes} are the writes folded into it, oldest first.
     */
    public record Pending(DocumentRef ref, boolean deleteFirst, DocumentUpsert upsert, List<DocumentWrite> writes)
            implements StagedDocument {
        /** A single write, unfolded. */
        public static Pending of(DocumentWrite write) {
            return write instanceof DocumentUpsert upsert
                    ? new Pending(write.ref(), false, upsert, List.of(write))
                    : new Pending(write.ref(), true, null, List.of(write));
        }

        /** Whether this is only a new version that needs nothing stored (a first load can append it). */
        boolean standsAloneAsNew() {
            return !deleteFirst && upsert != null && upsert.standsAlone();
        }

        /** The last deletion folded in decides what it deletes. */
        @Override
        public Instant deletesUpTo() {
            DocumentDelete last = lastDeletion();
            return last == null ? null : last.deletesUpTo();
        }

        @Override
        public Long deletedVersion() {
            DocumentDelete last = lastDeletion();
            return last == null || last.knownVersion() == DocumentWrite.NO_BASIS ? null : last.knownVersion();
        }

        private DocumentDelete lastDeletion() {
            for (int i = writes.size() - 1; i >= 0; i--) {
                if (writes.get(i) instanceof DocumentDelete delete) {
                    return delete;
                }
            }
            return null;
        }

        /** Whether this needs what is stored (chunks of its basis version), not only what it carries. */
        public boolean buildsOnStored() {
            return upsert != null && !upsert.standsAlone();
        }

        /** The known records of the writes folded into it, oldest first. */
        public List<RecordOrigin> origins() {
            return writes.stream().map(DocumentWrite::origin).filter(Objects::nonNull).toList();
        }
    }

    private final Map<DocumentRef, Pending> byDocument = new LinkedHashMap<>();
    private int chunks;

    public void add(DocumentWrite write) {
        DocumentRef ref = write.ref();
        Pending before = byDocument.get(ref);
        Pending after;
        if (before == null) {
            after = Pending.of(write);
        } else if (write instanceof DocumentUpsert upsert) {
            if (before.upsert() == null) {
                after = new Pending(ref, before.deleteFirst(), upsert, including(before, write));
            } else if (upsert.version() > before.upsert().version()) {
                after = new Pending(ref, before.deleteFirst(), upsert.over(before.upsert()), including(before, write));
            } else {
                return;
            }
        } else {
            after = new Pending(ref, true, null, including(before, write));
        }
        chunks += chunkCount(after) - chunkCount(before);
        byDocument.put(ref, after);
    }

    private static List<DocumentWrite> including(Pending before, DocumentWrite write) {
        List<DocumentWrite> writes = new ArrayList<>(before.writes());
        writes.add(write);
        return writes;
    }

    public Collection<Pending> documents() {
        return byDocument.values();
    }

    public int documentCount() {
        return byDocument.size();
    }

    public int chunkCount() {
        return chunks;
    }

    public boolean isEmpty() {
        return byDocument.isEmpty();
    }

    public void clear() {
        byDocument.clear();
        chunks = 0;
    }

    private static int chunkCount(Pending pending) {
        return pending == null || pending.upsert() == null ? 0 : pending.upsert().chunks().size();
    }
}

package io.vectorline.sink;

import java.util.HashMap;
import java.util.Map;

/**
 * The documents whose latest version the database refused. A later write that keeps chunks of
 * that version cannot be applied either: those chunks were never stored. A write that lands, or
 * stands alone, clears the record.
 */
public final class RefusedVersions {
    private final Map<DocumentRef, Long> byDocument = new HashMap<>();

    /** Whether {@code document} keeps chunks of a version the database refused. */
    public boolean buildsOnRefused(PendingWrites.Pending document) {
        Long refused = byDocument.get(document.ref());
        return refused != null && document.buildsOnStored() && document.upsert().basisVersion() == refused;
    }

    public void stored(PendingWrites.Pending document) {
        byDocument.remove(document.ref());
    }

    public void refused(PendingWrites.Pending document) {
        if (document.upsert() != null) {
            byDocument.put(document.ref(), document.upsert().version());
        }
    }
}

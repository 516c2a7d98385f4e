package io.vectorline.job.embed;

import io.vectorline.model.DocumentRef;
import io.vectorline.store.StoredContent;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What is known of a document: what this subtask emitted if that may not be durable yet (the
 * database may not hold it), else what the database holds.
 */
final class InFlightOrStored implements KnownState {
    private final InFlightDocuments inFlight;
    private final StoredContent stored;

    InFlightOrStored(InFlightDocuments inFlight, StoredContent stored) {
        this.inFlight = inFlight;
        this.stored = stored;
    }

    @Override
    public Map<DocumentRef, KnownDocument> documents(Collection<DocumentRef> refs) throws SQLException {
        Map<DocumentRef, KnownDocument> known = new HashMap<>();
        Set<DocumentRef> lookUp = new LinkedHashSet<>();
        for (DocumentRef ref : refs) {
            KnownDocument emitted = inFlight.get(ref);
            if (emitted != null) {
                known.put(ref, emitted);
            } else {
                lookUp.add(ref);
            }
        }
        stored.documents(lookUp).forEach((ref, document) -> known.put(ref, KnownDocument.stored(document)));
        return known;
    }

    @Override
    public void loadStoredChunks(Map<DocumentRef, KnownDocument> documents) throws SQLException {
        stored.chunks(documents.keySet()).forEach((ref, chunks) -> documents.get(ref).loadStoredChunks(chunks));
    }
}

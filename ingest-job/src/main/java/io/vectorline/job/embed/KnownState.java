package io.vectorline.job.embed;

import io.vectorline.model.DocumentRef;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;

/** Where the change planner learns what is known of documents before it plans their new versions. */
interface KnownState {
    /** What is known of each of {@code refs}; documents nothing is known of are absent. The map is the caller's. */
    Map<DocumentRef, KnownDocument> documents(Collection<DocumentRef> refs) throws SQLException;

    /** Loads where the stored chunks of {@code documents} sit into them. */
    void loadStoredChunks(Map<DocumentRef, KnownDocument> documents) throws SQLException;
}

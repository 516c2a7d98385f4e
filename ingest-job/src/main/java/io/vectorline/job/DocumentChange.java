package io.vectorline.job;

import io.vectorline.sink.DocumentRef;
import io.vectorline.sink.RecordOrigin;
import java.util.Map;

/**
 * A decoded, validated event: a new version of a document, or its deletion (a tombstone, which
 * has no version and no body), with the record it came from.
 */
public record DocumentChange(
        String tenantId,
        String docId,
        boolean delete,
        long version,
        String title,
        String body,
        Map<String, String> metadata,
        String sourceUri,
        long eventTimeMillis,
        RecordOrigin origin) {

    static DocumentChange deletion(String tenantId, String docId, RecordOrigin origin) {
        return new DocumentChange(tenantId, docId, true, 0, null, null, Map.of(), null, 0, origin);
    }

    DocumentRef ref() {
        return new DocumentRef(tenantId, docId);
    }

    /** Routes all events of one document to one subtask, keeping their order. */
    String routingKey() {
        return tenantId + '\u0000' + docId;
    }
}

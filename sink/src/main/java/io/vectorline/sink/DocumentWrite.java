package io.vectorline.sink;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the sink applies for one document: a new version with its chunks, or a delete (a Kafka
 * tombstone, which carries no version).
 */
public record DocumentWrite(
        String tenantId,
        String docId,
        boolean delete,
        long version,
        String title,
        Map<String, String> metadata,
        String sourceUri,
        Instant eventTime,
        String modelId,
        List<EmbeddedChunk> chunks)
        implements Serializable {

    public DocumentWrite {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(docId, "docId");
        if (!delete) {
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(modelId, "modelId");
            Objects.requireNonNull(chunks, "chunks");
        }
    }

    public static DocumentWrite upsert(String tenantId, String docId, long version, String title,
            Map<String, String> metadata, String sourceUri, Instant eventTime, String modelId,
            List<EmbeddedChunk> chunks) {
        return new DocumentWrite(tenantId, docId, false, version, title, metadata, sourceUri, eventTime, modelId,
                chunks);
    }

    public static DocumentWrite delete(String tenantId, String docId) {
        return new DocumentWrite(tenantId, docId, true, 0, null, null, null, null, null, null);
    }

    public DocumentRef ref() {
        return new DocumentRef(tenantId, docId);
    }
}

package io.vectorline.model;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the sink applies for one document: a new version with its chunks, or its deletion. */
public sealed interface DocumentWrite extends Serializable permits DocumentUpsert, DocumentDelete {
    /** The basis of a write that stands alone, or whose basis is not known. */
    long NO_BASIS = Long.MIN_VALUE;

    String tenantId();

    String docId();

    /** The Kafka record it came from; null when it did not come from one. */
    RecordOrigin origin();

    default DocumentRef ref() {
        return new DocumentRef(tenantId(), docId());
    }

    /** A new version with all its chunks. */
    static DocumentUpsert upsert(String tenantId, String docId, long version, String title,
            Map<String, String> metadata, String sourceUri, Instant eventTime, String modelId,
            List<EmbeddedChunk> chunks) {
        return upsert(tenantId, docId, version, title, metadata, sourceUri, eventTime, modelId, chunks, null,
                chunks.size());
    }

    /** A new version that writes {@code changedChunks} and keeps the other stored chunks below {@code chunkCount}. */
    static DocumentUpsert upsert(String tenantId, String docId, long version, String title,
            Map<String, String> metadata, String sourceUri, Instant eventTime, String modelId,
            List<EmbeddedChunk> changedChunks, byte[] contentHash, int chunkCount) {
        return new DocumentUpsert(tenantId, docId, version, title, metadata, sourceUri, eventTime, modelId,
                changedChunks, contentHash, null, null, chunkCount, null, NO_BASIS);
    }

    /** The deletion of whatever version is stored. */
    static DocumentDelete delete(String tenantId, String docId) {
        return new DocumentDelete(tenantId, docId, NO_BASIS, null, null);
    }

    /** The deletion of a version recorded before {@code deletesUpTo}, as a backfill replays it. */
    static DocumentDelete replayedDelete(String tenantId, String docId, Instant deletesUpTo) {
        return new DocumentDelete(tenantId, docId, NO_BASIS, Objects.requireNonNull(deletesUpTo, "deletesUpTo"),
                null);
    }
}

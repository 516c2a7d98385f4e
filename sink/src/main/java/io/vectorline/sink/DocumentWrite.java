package io.vectorline.sink;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the sink applies for one document: a new version with its chunks, or a delete (a Kafka
 * tombstone, which carries no version).
 *
 * <p>A new version lists only the chunks that differ from what is stored: {@code chunks} are
 * written, stored chunks numbered below {@code chunkCount} and not listed stay as they are, and
 * those from {@code chunkCount} on are removed. {@code contentHash} identifies the body the
 * chunks were cut from (null if unknown). Listed chunks carry the version that wrote them
 * ({@link EmbeddedChunk#version}): this one's, or an earlier one's folded in by {@link #over}.
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
        List<EmbeddedChunk> chunks,
        byte[] contentHash,
        int chunkCount,
        RecordOrigin origin,
        long basisVersion)
        implements Serializable {

    /** The basis of a write that stands alone, or whose basis is not known. */
    public static final long NO_BASIS = Long.MIN_VALUE;

    public DocumentWrite {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(docId, "docId");
        if (!delete) {
            Objects.requireNonNull(metadata, "metadata");
            Objects.requireNonNull(eventTime, "eventTime");
            Objects.requireNonNull(modelId, "modelId");
            Objects.requireNonNull(chunks, "chunks");
            if (chunks.stream().anyMatch(chunk -> chunk.chunkNo() >= chunkCount)) {
                throw new IllegalArgumentException(ref() + " lists a chunk beyond its chunk count " + chunkCount);
            }
            long writeVersion = version;
            if (chunks.stream().anyMatch(chunk -> chunk.version() == EmbeddedChunk.UNSTAMPED)) {
                chunks = chunks.stream().map(chunk -> chunk.writtenBy(writeVersion)).toList();
            }
        }
    }

    /** A new version with all its chunks. */
    public static DocumentWrite upsert(String tenantId, String docId, long version, String title,
            Map<String, String> metadata, String sourceUri, Instant eventTime, String modelId,
            List<EmbeddedChunk> chunks) {
        return upsert(tenantId, docId, version, title, metadata, sourceUri, eventTime, modelId, chunks, null,
                chunks.size());
    }

    /** A new version that writes {@code changedChunks} and keeps the other stored chunks below {@code chunkCount}. */
    public static DocumentWrite upsert(String tenantId, String docId, long version, String title,
            Map<String, String> metadata, String sourceUri, Instant eventTime, String modelId,
            List<EmbeddedChunk> changedChunks, byte[] contentHash, int chunkCount) {
        return new DocumentWrite(tenantId, docId, false, version, title, metadata, sourceUri, eventTime, modelId,
                changedChunks, contentHash, chunkCount, null, NO_BASIS);
    }

    public static DocumentWrite delete(String tenantId, String docId) {
        return new DocumentWrite(tenantId, docId, true, 0, null, null, null, null, null, null, null, 0, null,
                NO_BASIS);
    }

    /** This write, coming from {@code origin} and building on version {@code basisVersion}. */
    public DocumentWrite from(RecordOrigin origin, long basisVersion) {
        return new DocumentWrite(tenantId, docId, delete, version, title, metadata, sourceUri, eventTime, modelId,
                chunks, contentHash, chunkCount, origin, standsAlone() ? NO_BASIS : basisVersion);
    }

    /**
     * This version applied on top of {@code earlier}, a version of the same document not yet
     * stored: the chunks this one keeps are the ones the earlier one writes, so the two together
     * build on what the earlier one builds on.
     */
    public DocumentWrite over(DocumentWrite earlier) {
        Map<Integer, EmbeddedChunk> byNumber = new TreeMap<>();
        for (EmbeddedChunk chunk : earlier.chunks) {
            if (chunk.chunkNo() < chunkCount) {
                byNumber.put(chunk.chunkNo(), chunk);
            }
        }
        for (EmbeddedChunk chunk : chunks) {
            byNumber.put(chunk.chunkNo(), chunk);
        }
        return upsert(tenantId, docId, version, title, metadata, sourceUri, eventTime, modelId,
                List.copyOf(byNumber.values()), contentHash, chunkCount).from(origin, earlier.basisVersion);
    }

    /** Whether this write needs nothing stored: every chunk listed, with its vector. */
    public boolean standsAlone() {
        return !delete && chunks.size() == chunkCount && chunks.stream().noneMatch(EmbeddedChunk::reusesStoredVector);
    }

    public DocumentRef ref() {
        return new DocumentRef(tenantId, docId);
    }
}

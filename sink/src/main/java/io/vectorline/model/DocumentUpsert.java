package io.vectorline.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A new version of a document. It lists only the chunks that differ from what is stored:
 * {@code chunks} are written, stored chunks numbered below {@code chunkCount} and not listed stay
 * as they are, and those from {@code chunkCount} on are removed. {@code contentHash} identifies
 * the body the chunks were cut from (null if unknown). Listed chunks carry the version that wrote
 * them ({@link EmbeddedChunk#version}): this one's, or an earlier one's folded in by {@link #over}.
 *
 * @param body the body the chunks were cut from, stored so the document can be cut and embedded
 *     again from the store alone ({@code backfill --from-store}); null if unknown
 * @param recordedAt when the record of this version was written to its topic (null if unknown):
 *     a tombstone a backfill replays removes this version only if it was recorded after it
 * @param basisVersion the stored version whose chunks this one keeps or whose vectors it reuses
 */
public record DocumentUpsert(
        String tenantId,
        String docId,
        long version,
        String title,
        Map<String, String> metadata,
        String sourceUri,
        Instant eventTime,
        String modelId,
        List<EmbeddedChunk> chunks,
        byte[] contentHash,
        String body,
        Instant recordedAt,
        int chunkCount,
        RecordOrigin origin,
        long basisVersion)
        implements DocumentWrite {

    public DocumentUpsert {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(docId, "docId");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(chunks, "chunks");
        if (chunks.stream().anyMatch(chunk -> chunk.chunkNo() >= chunkCount)) {
            throw new IllegalArgumentException(new DocumentRef(tenantId, docId)
                    + " lists a chunk beyond its chunk count " + chunkCount);
        }
        long writeVersion = version;
        if (chunks.stream().anyMatch(chunk -> chunk.version() == EmbeddedChunk.UNSTAMPED)) {
            chunks = chunks.stream().map(chunk -> chunk.writtenBy(writeVersion)).toList();
        }
    }

    /** This write, coming from {@code recordOrigin} and building on version {@code basis}. */
    public DocumentUpsert from(RecordOrigin recordOrigin, long basis) {
        return new DocumentUpsert(tenantId, docId, version, title, metadata, sourceUri, eventTime, modelId, chunks,
                contentHash, body, recordedAt, chunkCount, recordOrigin, standsAlone() ? NO_BASIS : basis);
    }

    /** This write as read: the body its chunks were cut from, and when its record was written (each null if unknown). */
    public DocumentUpsert read(String documentBody, Instant recorded) {
        return new DocumentUpsert(tenantId, docId, version, title, metadata, sourceUri, eventTime, modelId, chunks,
                contentHash, documentBody, recorded, chunkCount, origin, basisVersion);
    }

    /**
     * This version applied on top of {@code earlier}, a version of the same document not yet
     * stored: the chunks this one keeps are the ones the earlier one writes, so the two together
     * build on what the earlier one builds on.
     */
    public DocumentUpsert over(DocumentUpsert earlier) {
        Map<Integer, EmbeddedChunk> byNumber = new TreeMap<>();
        for (EmbeddedChunk chunk : earlier.chunks) {
            if (chunk.chunkNo() < chunkCount) {
                byNumber.put(chunk.chunkNo(), chunk);
            }
        }
        for (EmbeddedChunk chunk : chunks) {
            byNumber.put(chunk.chunkNo(), chunk);
        }
        return DocumentWrite.upsert(tenantId, docId, version, title, metadata, sourceUri, eventTime, modelId,
                List.copyOf(byNumber.values()), contentHash, chunkCount).read(body, recordedAt)
                .from(origin, earlier.basisVersion);
    }

    /** Whether this write needs nothing stored: every chunk listed, with its vector. */
    public boolean standsAlone() {
        return chunks.size() == chunkCount && chunks.stream().noneMatch(EmbeddedChunk::reusesStoredVector);
    }
}

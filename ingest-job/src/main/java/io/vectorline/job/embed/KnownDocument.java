package io.vectorline.job.embed;

import io.vectorline.store.StoredContent;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What is stored of a document, or will be once the writes already emitted for it land: its
 * version, its body's content hash and, once loaded, where each chunk hash sits and its vector.
 */
final class KnownDocument {
    /** A chunk's place and vector; a null slot means the vector is only in the database. */
    record KnownChunk(int chunkNo, VectorSlot vector) {}

    /** A vector filled in after the embedder has run, shared by the writes and states that need it. */
    static final class VectorSlot {
        float[] vector;
    }

    /** Nothing is known of a deleted document but its version: a newer one is new, nothing to compare with. */
    static KnownDocument deleted(long version) {
        return new KnownDocument(version, 0, null, Map.of(), Map.of());
    }

    final long version;
    final int chunkCount;
    final byte[] contentHash;
    /** Null until loaded: only documents whose body changed need it. */
    private Map<ByteBuffer, KnownChunk> byHash;
    private Map<Integer, ByteBuffer> hashByNumber;

    KnownDocument(long version, int chunkCount, byte[] contentHash, Map<ByteBuffer, KnownChunk> byHash,
            Map<Integer, ByteBuffer> hashByNumber) {
        this.version = version;
        this.chunkCount = chunkCount;
        this.contentHash = contentHash;
        this.byHash = byHash;
        this.hashByNumber = hashByNumber;
    }

    static KnownDocument stored(StoredContent.StoredDocument stored) {
        if (stored.deleted()) {
            return deleted(stored.version());
        }
        return new KnownDocument(stored.version(), stored.chunkCount(), stored.contentHash(), null, null);
    }

    void loadStoredChunks(List<StoredContent.StoredChunk> chunks) {
        byHash = new HashMap<>();
        hashByNumber = new HashMap<>();
        for (StoredContent.StoredChunk chunk : chunks) {
            ByteBuffer hash = ByteBuffer.wrap(chunk.contentHash());
            byHash.put(hash, new KnownChunk(chunk.chunkNo(), null));
            hashByNumber.put(chunk.chunkNo(), hash);
        }
    }

    /** Whether chunk positions are known: loaded from the store, or planned by this subtask. */
    boolean chunksLoaded() {
        return byHash != null;
    }

    /** The known chunk with this content hash, or null. */
    KnownChunk chunk(ByteBuffer hash) {
        return byHash == null ? null : byHash.get(hash);
    }

    boolean hasAt(int chunkNo, ByteBuffer hash) {
        return hashByNumber != null && hash.equals(hashByNumber.get(chunkNo));
    }

    /** The same content under a newer version. */
    KnownDocument withVersion(long newVersion) {
        return new KnownDocument(newVersion, chunkCount, contentHash, byHash, hashByNumber);
    }
}

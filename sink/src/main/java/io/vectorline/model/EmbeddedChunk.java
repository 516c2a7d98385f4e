package io.vectorline.model;

import java.io.Serializable;

/**
 * One chunk of a document to store.
 *
 * @param chunkNo position in the document, from 0
 * @param content the chunk's text
 * @param contentHash hash of model id, chunking settings and text: equal hashes mean equal vectors
 * @param embedding the vector, of the table's dimension; {@code null} when a stored chunk of the same
 *     document has this content hash, whose vector is then reused
 * @param version the document version that wrote this content at this place, stored as
 *     {@code chunks.version}: a chunk a later version leaves as it is keeps it, so the stored value
 *     is the same whether versions are applied one by one or folded into one flush
 */
public record EmbeddedChunk(int chunkNo, String content, byte[] contentHash, float[] embedding, long version)
        implements Serializable {
    /** The version of a chunk not yet part of a write. */
    static final long UNSTAMPED = Long.MIN_VALUE;

    /** A chunk of the write it is listed in: it takes that write's version. */
    public EmbeddedChunk(int chunkNo, String content, byte[] contentHash, float[] embedding) {
        this(chunkNo, content, contentHash, embedding, UNSTAMPED);
    }

    /** This chunk as written by {@code writeVersion}, unless an earlier write already did. */
    EmbeddedChunk writtenBy(long writeVersion) {
        return version == UNSTAMPED ? new EmbeddedChunk(chunkNo, content, contentHash, embedding, writeVersion) : this;
    }

    public boolean reusesStoredVector() {
        return embedding == null;
    }
}

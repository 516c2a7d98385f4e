package io.vectorline.sink;

import java.io.Serializable;

/**
 * One chunk of a document to store.
 *
 * @param chunkNo position in the document, from 0
 * @param content the chunk's text
 * @param contentHash hash of model id, chunking settings and text: equal hashes mean equal vectors
 * @param embedding the vector, of the table's dimension; {@code null} when a stored chunk of the same
 *     document has this content hash, whose vector is then reused
 */
public record EmbeddedChunk(int chunkNo, String content, byte[] contentHash, float[] embedding)
        implements Serializable {

    public boolean reusesStoredVector() {
        return embedding == null;
    }
}

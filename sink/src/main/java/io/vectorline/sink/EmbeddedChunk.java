package io.vectorline.sink;

import java.io.Serializable;

/**
 * One embedded chunk of a document.
 *
 * @param chunkNo position in the document, from 0
 * @param content the chunk's text
 * @param contentHash hash of model id, chunking settings and text: equal hashes mean equal vectors
 * @param embedding the vector, of the table's dimension
 */
public record EmbeddedChunk(int chunkNo, String content, byte[] contentHash, float[] embedding)
        implements Serializable {}

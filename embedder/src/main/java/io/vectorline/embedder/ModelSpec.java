package io.vectorline.embedder;

import java.util.Objects;

/**
 * What downstream code must know about an embedding model: the vector dimension sizes the table,
 * the token limit bounds the chunker, pooling and normalisation shape the vector.
 *
 * @param id stable model id, stored beside every vector
 * @param dimensions length of every vector
 * @param maxTokens most tokens the model reads, special tokens included
 * @param pooling how token vectors become one vector
 * @param normalize whether vectors are scaled to unit length
 * @param queryPrefix prepended to search queries (empty when the model wants none)
 * @param batchInvariant whether a text's vector is independent of the other texts in its batch;
 *     false for dynamically quantized (int8) graphs, which then run one text per session call
 */
public record ModelSpec(
        String id,
        int dimensions,
        int maxTokens,
        Pooling pooling,
        boolean normalize,
        String queryPrefix,
        boolean batchInvariant)
        implements java.io.Serializable {

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(queryPrefix, "queryPrefix");
        if (id.isBlank()) {
            throw new IllegalArgumentException("model id must not be blank");
        }
        if (dimensions <= 0 || dimensions > 16_000) {
            throw new IllegalArgumentException("dimensions must be in 1..16000 (pgvector's limit), got " + dimensions);
        }
        if (maxTokens < 8) {
            throw new IllegalArgumentException("maxTokens must be at least 8, got " + maxTokens);
        }
    }
}

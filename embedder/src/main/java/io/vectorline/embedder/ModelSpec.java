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
 * @param normalization whether vectors are scaled to unit length
 * @param queryPrefix prepended to search queries (empty when the model wants none)
 * @param batching whether texts may share a session call without changing their vectors
 */
public record ModelSpec(
        String id,
        int dimensions,
        int maxTokens,
        Pooling pooling,
        Normalization normalization,
        String queryPrefix,
        Batching batching)
        implements java.io.Serializable {

    /** What is done to a pooled vector. */
    public enum Normalization {
        UNIT_LENGTH,
        NONE
    }

    /** Whether a text's vector is independent of the other texts in its session call. */
    public enum Batching {
        /** Independent: texts may be batched (fp32 graphs). */
        INVARIANT,
        /** Dependent (dynamically quantized int8 graphs): one text per session call. */
        ONE_TEXT_PER_CALL
    }

    public ModelSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(batching, "batching");
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

    public boolean batchInvariant() {
        return batching == Batching.INVARIANT;
    }
}

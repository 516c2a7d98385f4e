package io.vectorline.embedder;

/** How texts are spread over an embedder's workers. */
public enum EmbeddingLayout {
    /**
     * Each worker runs one text per session call. The only deterministic layout for dynamically
     * quantized (int8) models, whose activation scales span the whole input tensor, and the
     * fastest measured on CPU for fp32 too.
     */
    PER_TEXT,
    /**
     * Texts sorted by length and cut into batches of at most {@code batchTokens} tokens, padding
     * included, one batch per call: for batch-invariant models on hardware that gains from wide
     * calls (accelerators, many intra-op threads).
     */
    BATCHED
}

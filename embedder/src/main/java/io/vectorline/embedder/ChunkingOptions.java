package io.vectorline.embedder;

import java.io.Serializable;

/**
 * How documents are cut, in the model's own tokens.
 *
 * @param chunkTokens most content tokens in one chunk; special tokens come on top
 * @param overlapTokens tokens a chunk repeats from the end of the one before it
 */
public record ChunkingOptions(int chunkTokens, int overlapTokens) implements Serializable {
    public static final int DEFAULT_CHUNK_TOKENS = 200;
    public static final int DEFAULT_OVERLAP_TOKENS = 20;

    public ChunkingOptions {
        if (chunkTokens < 1) {
            throw new IllegalArgumentException("chunk tokens must be positive, got " + chunkTokens);
        }
        if (overlapTokens < 0 || overlapTokens >= chunkTokens) {
            throw new IllegalArgumentException(
                    "overlap tokens must be in 0.." + (chunkTokens - 1) + ", got " + overlapTokens);
        }
    }

    public static ChunkingOptions defaults() {
        return new ChunkingOptions(DEFAULT_CHUNK_TOKENS, DEFAULT_OVERLAP_TOKENS);
    }

    /** Fails unless every chunk fits the model whole, so no text is ever cut off silently. */
    public void requireFits(ModelSpec spec, int specialTokens) {
        int room = spec.maxTokens() - specialTokens;
        if (chunkTokens > room) {
            throw new IllegalArgumentException("chunk tokens " + chunkTokens + " exceed what model " + spec.id()
                    + " reads (" + spec.maxTokens() + " tokens, " + specialTokens + " of them special): use at most "
                    + room);
        }
    }
}

package io.vectorline.embedder;

import java.io.Serializable;

/**
 * ONNX Runtime settings of one embedder instance.
 *
 * @param intraOpThreads threads one session call may use; 1 suits one embedder per core
 * @param maxBatchSize most texts in one session call, for batch-invariant models only
 */
public record EmbedderOptions(int intraOpThreads, int maxBatchSize) implements Serializable {
    public EmbedderOptions {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be positive, got " + intraOpThreads);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("max batch size must be positive, got " + maxBatchSize);
        }
    }

    public static EmbedderOptions defaults() {
        return new EmbedderOptions(1, 32);
    }
}

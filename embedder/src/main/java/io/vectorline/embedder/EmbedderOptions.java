package io.vectorline.embedder;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.io.Serializable;

/**
 * How one embedder runs its model. The defaults are the fastest deterministic layout measured on
 * CPU ({@code benchmarks/results/embedding.md}): one worker per core, each owning a one-thread
 * session fed one text at a time.
 *
 * @param layout how texts are spread over workers
 * @param workers threads, each owning its own session; 0 for one per core of the machine it runs on
 * @param intraOpThreads threads one session call may use
 * @param batchTokens most tokens, padding included, in one call of the {@link EmbeddingLayout#BATCHED} layout
 * @param spinning whether idle intra-op threads spin; only matters with more than one intra-op thread,
 *     where spinning burns cores the other workers need
 * @param optimization ONNX Runtime's graph optimisation level
 */
public record EmbedderOptions(
        EmbeddingLayout layout, int workers, int intraOpThreads, int batchTokens, boolean spinning,
        OptLevel optimization) implements Serializable {
    public static final int DEFAULT_BATCH_TOKENS = 8192;

    public EmbedderOptions {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must not be negative, got " + workers);
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be positive, got " + intraOpThreads);
        }
        if (batchTokens < 1) {
            throw new IllegalArgumentException("batch tokens must be positive, got " + batchTokens);
        }
    }

    /** One single-thread worker per core, one text per call. */
    public static EmbedderOptions defaults() {
        return new EmbedderOptions(EmbeddingLayout.PER_TEXT, 0, 1, DEFAULT_BATCH_TOKENS, false, OptLevel.ALL_OPT);
    }

    /** Workers to start here: {@code workers}, or one per core of this machine when it is 0. */
    public int workerCount() {
        return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
    }

    public EmbedderOptions withWorkers(int newWorkers) {
        return new EmbedderOptions(layout, newWorkers, intraOpThreads, batchTokens, spinning, optimization);
    }

    /** Fails if this layout could give a text a vector that depends on its neighbours. */
    void requireDeterministic(ModelSpec spec) {
        if (layout == EmbeddingLayout.BATCHED && !spec.batchInvariant()) {
            throw new IllegalArgumentException("model " + spec.id() + " is not batch-invariant (its vectors"
                    + " change with what shares a call): use the " + EmbeddingLayout.PER_TEXT + " layout");
        }
    }
}

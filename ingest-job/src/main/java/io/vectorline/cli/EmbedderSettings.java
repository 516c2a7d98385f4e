package io.vectorline.cli;

import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingLayout;
import picocli.CommandLine.Option;

/** How the embedder runs its model; the defaults are the fastest deterministic layout measured on CPU. */
final class EmbedderSettings {
    private static final EmbedderOptions DEFAULTS = EmbedderOptions.defaults();

    @Option(names = "--embed-layout", description = "PER_TEXT (one text per session call; any model) or BATCHED"
            + " (length-sorted batches; batch-invariant models only). Default: ${DEFAULT-VALUE}.")
    EmbeddingLayout layout = DEFAULTS.layout();

    @Option(names = "--embed-workers", description = "Embedding threads per TaskManager, each with its own"
            + " session; 0 = one per core of the TaskManager (default).")
    int workers = DEFAULTS.workers();

    @Option(names = "--intra-op-threads", description = "ONNX Runtime threads per session call (default: ${DEFAULT-VALUE}).")
    int intraOpThreads = DEFAULTS.intraOpThreads();

    @Option(names = "--batch-tokens", description = "Tokens, padding included, per BATCHED call (default: ${DEFAULT-VALUE}).")
    int batchTokens = DEFAULTS.batchTokens();

    @Option(names = "--ort-spinning", negatable = true,
            description = "Let idle intra-op threads spin (default: ${DEFAULT-VALUE}).")
    boolean spinning = DEFAULTS.spinning();

    @Option(names = "--ort-optimization", description = "Graph optimisation: NO_OPT, BASIC_OPT, EXTENDED_OPT or"
            + " ALL_OPT (default: ${DEFAULT-VALUE}).")
    OptLevel optimization = DEFAULTS.optimization();

    EmbedderOptions toOptions() {
        return new EmbedderOptions(layout, workers, intraOpThreads, batchTokens,
                spinning, optimization);
    }
}

package io.vectorline.cli;

import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.embedder.ModelSpec;
import io.vectorline.embedder.Pooling;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which embedding model to use: a built-in one, or a directory with model.onnx + tokenizer.json. */
final class ModelOptions {
    @Option(names = "--model", paramLabel = "ID",
            description = "Built-in model: all-minilm-l6-v2-q (int8, default), all-minilm-l6-v2 (fp32) or"
                    + " bge-small-en-v15-q (int8, CLS pooling, 512 tokens).")
    String builtIn = EmbeddingModel.DEFAULT.model().spec().id();

    @Option(names = "--model-dir", paramLabel = "DIR",
            description = "Directory holding model.onnx and tokenizer.json; needs --model-id and --dimensions.")
    Path directory;

    @Option(names = "--model-id", paramLabel = "ID", description = "Id stored beside the vectors of --model-dir.")
    String directoryModelId;

    @Option(names = "--dimensions", description = "Vector length of --model-dir's model.")
    int dimensions;

    @Option(names = "--max-tokens", description = "Token limit of --model-dir's model (default: ${DEFAULT-VALUE}).")
    int maxTokens = 512;

    @Option(names = "--pooling", description = "MEAN or CLS, for --model-dir (default: ${DEFAULT-VALUE}).")
    Pooling pooling = Pooling.MEAN;

    @Option(names = "--query-prefix", description = "Prefix for search queries, for --model-dir.")
    String queryPrefix = "";

    @Option(names = "--batch-invariant", negatable = true,
            description = "Whether --model-dir's model may batch texts without changing vectors (true for fp32;"
                    + " false for dynamically quantized int8). Default: ${DEFAULT-VALUE}.")
    boolean batchInvariant = false;

    EmbeddingModel resolve() {
        if (directory == null) {
            return EmbeddingModel.builtIn(builtIn);
        }
        if (directoryModelId == null || dimensions <= 0) {
            throw new IllegalArgumentException("--model-dir needs --model-id and --dimensions");
        }
        return EmbeddingModel.fromDirectory(directory, new ModelSpec(
                directoryModelId, dimensions, maxTokens, pooling, ModelSpec.Normalization.UNIT_LENGTH, queryPrefix,
                batchInvariant ? ModelSpec.Batching.INVARIANT : ModelSpec.Batching.ONE_TEXT_PER_CALL));
    }
}

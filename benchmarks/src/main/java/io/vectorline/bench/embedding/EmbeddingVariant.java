package io.vectorline.bench.embedding;

import java.util.List;

/** One way to embed a list of texts, measured side by side with the others. */
interface EmbeddingVariant extends AutoCloseable {
    /** Short label for tables and the chart, e.g. "(a) plain ONNX Runtime loop". */
    String name();

    /** What it runs, in one line. */
    String description();

    /** One vector per text, in order. Timed by the caller. */
    float[][] embed(List<String> texts);

    /**
     * Tokens this variant fed the model for {@code texts} in its last {@link #embed} call, special
     * tokens included, counted from its own tokenizer's output; outside the timed call.
     */
    long tokensEmbedded(List<String> texts);

    @Override
    void close();
}

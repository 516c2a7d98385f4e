package io.vectorline.bench.embedding;

import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.ModelTokenizer;
import io.vectorline.embedder.OnnxEmbedder;
import java.util.List;

/**
 * (b) Vectorline's embedder as the job uses it: {@code OnnxEmbedder.open(model, defaults)}, then
 * {@code embed} on slices of texts, as the job embeds micro-batches. Uses only {@code open},
 * {@code embed} and {@code close}, whatever the embedder does inside.
 */
final class VectorlineEmbedderVariant implements EmbeddingVariant {
    private final OnnxEmbedder embedder;
    private final ModelTokenizer tokenizer;
    private final int slice;

    VectorlineEmbedderVariant(int slice, ModelTokenizer tokenizer) {
        this.embedder = OnnxEmbedder.open(ModelResources.MODEL.model(), EmbedderOptions.defaults());
        this.tokenizer = tokenizer;
        this.slice = slice;
    }

    @Override
    public String name() {
        return "(b) Vectorline OnnxEmbedder";
    }

    @Override
    public String description() {
        return "OnnxEmbedder.open(model, EmbedderOptions.defaults()).embed(list), slices of " + slice + " texts";
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        for (int from = 0; from < texts.size(); from += slice) {
            List<String> part = texts.subList(from, Math.min(from + slice, texts.size()));
            float[][] embedded = embedder.embed(part);
            System.arraycopy(embedded, 0, vectors, from, embedded.length);
        }
        return vectors;
    }

    /** The model input Vectorline's tokenizer makes for each text (the embedder reports no count). */
    @Override
    public long tokensEmbedded(List<String> texts) {
        long tokens = 0;
        for (String text : texts) {
            tokens += tokenizer.encodeForModel(text).getIds().length;
        }
        return tokens;
    }

    @Override
    public void close() {
        embedder.close();
    }
}

package io.vectorline.bench.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;

/**
 * (c) LangChain4j's in-process model as a user would call it: {@code embedAll} on slices of text
 * segments. It runs one text per {@code session.run} on its own thread pool, with its shipped
 * tokenizer, which cuts every text at 128 tokens ([CLS] and [SEP] included).
 */
final class LangChain4jVariant implements EmbeddingVariant {
    /** LangChain4j reports content tokens; [CLS] and [SEP] go into the model too. */
    private static final int SPECIAL_TOKENS = 2;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel();
    private final int slice;
    private long lastContentTokens;

    LangChain4jVariant(int slice) {
        this.slice = slice;
    }

    @Override
    public String name() {
        return "(c) LangChain4j embedAll";
    }

    @Override
    public String description() {
        return "new AllMiniLmL6V2QuantizedEmbeddingModel().embedAll(segments), slices of " + slice
                + " texts; cuts at 128 tokens";
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        long contentTokens = 0;
        for (int from = 0; from < texts.size(); from += slice) {
            List<TextSegment> part = texts.subList(from, Math.min(from + slice, texts.size())).stream()
                    .map(TextSegment::from)
                    .toList();
            Response<List<Embedding>> response = model.embedAll(part);
            for (int i = 0; i < part.size(); i++) {
                vectors[from + i] = response.content().get(i).vector();
            }
            contentTokens += response.tokenUsage().inputTokenCount();
        }
        lastContentTokens = contentTokens;
        return vectors;
    }

    @Override
    public long tokensEmbedded(List<String> texts) {
        return lastContentTokens + (long) SPECIAL_TOKENS * texts.size();
    }

    /** Content tokens (specials excluded) LangChain4j's own count says it embedded in the last call. */
    long lastContentTokens() {
        return lastContentTokens;
    }

    @Override
    public void close() {
        // the model holds its session for the JVM's lifetime; its pool threads time out by themselves
    }
}

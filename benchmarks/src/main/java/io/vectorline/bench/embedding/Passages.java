package io.vectorline.bench.embedding;

import io.vectorline.embedder.Chunk;
import io.vectorline.embedder.Chunker;
import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.ModelTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The corpus cut by Vectorline's own {@link Chunker}: the passages every variant embeds. With 126
 * content tokens a chunk plus [CLS] and [SEP] is exactly LangChain4j's 128-token cut, so all
 * variants embed the same tokens.
 *
 * @param texts the passages, in corpus order
 * @param contentTokens content tokens (special tokens excluded) of all passages together
 * @param documents the whole documents the passages were cut from (the last one possibly in part)
 */
record Passages(List<String> texts, long contentTokens, List<Document> documents) {
    static final ChunkingOptions CHUNKING = new ChunkingOptions(126, 0);

    /** The first {@code count} passages of the corpus. */
    static Passages cut(CorpusGenerator corpus, ModelTokenizer tokenizer, int count) {
        Chunker chunker = chunker(tokenizer);
        List<String> texts = new ArrayList<>(count);
        List<Document> documents = new ArrayList<>();
        long tokens = 0;
        for (int i = 0; texts.size() < count; i++) {
            Document document = corpus.document(i);
            documents.add(document);
            for (Chunk chunk : chunker.split(document.body())) {
                if (texts.size() == count) {
                    break;
                }
                texts.add(chunk.text());
                tokens += chunk.tokens();
            }
        }
        return new Passages(List.copyOf(texts), tokens, List.copyOf(documents));
    }

    /** The chunker as the job is started with it: every count here is of the chunks the job makes. */
    static Chunker chunker(ModelTokenizer tokenizer) {
        return new Chunker(tokenizer, CHUNKING, ModelResources.MODEL.model().spec());
    }

    List<String> paragraphs() {
        return documents.stream().flatMap(d -> d.paragraphs().stream()).toList();
    }

    List<String> bodies() {
        return documents.stream().map(Document::body).toList();
    }
}

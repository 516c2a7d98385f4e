package io.vectorline.bench.embedding;

import io.vectorline.embedder.Chunk;
import io.vectorline.embedder.Chunker;
import io.vectorline.embedder.ModelTokenizer;
import java.util.List;

/**
 * What the job must embed for a set of documents, worked out with the chunker settings the job is
 * started with, so the end-to-end token rate counts the same tokens as the embedder-only variants.
 *
 * @param chunks chunks of all documents
 * @param tokens model input tokens of all chunks, [CLS] and [SEP] included
 */
record ChunkPlan(long chunks, long tokens) {
    static ChunkPlan of(List<Document> documents, ModelTokenizer tokenizer) {
        Chunker chunker = chunker(tokenizer);
        long chunks = 0;
        long tokens = 0;
        for (Document document : documents) {
            for (Chunk chunk : chunker.split(document.body())) {
                chunks++;
                tokens += chunk.tokens() + tokenizer.specialTokenCount();
            }
        }
        return new ChunkPlan(chunks, tokens);
    }

    /**
     * Chunks of the edited documents whose text differs from the original's chunk at the same
     * position: the least a job that skips unchanged chunks has to embed again.
     */
    static ChunkPlan changed(List<Document> originals, List<Document> edited, ModelTokenizer tokenizer) {
        Chunker chunker = chunker(tokenizer);
        long chunks = 0;
        long tokens = 0;
        for (int d = 0; d < originals.size(); d++) {
            List<Chunk> before = chunker.split(originals.get(d).body());
            List<Chunk> after = chunker.split(edited.get(d).body());
            for (Chunk chunk : after) {
                int n = chunk.number();
                if (n >= before.size() || !before.get(n).text().equals(chunk.text())) {
                    chunks++;
                    tokens += chunk.tokens() + tokenizer.specialTokenCount();
                }
            }
        }
        return new ChunkPlan(chunks, tokens);
    }

    private static Chunker chunker(ModelTokenizer tokenizer) {
        return new Chunker(tokenizer, Passages.CHUNKING, ModelResources.MODEL.model().spec());
    }
}

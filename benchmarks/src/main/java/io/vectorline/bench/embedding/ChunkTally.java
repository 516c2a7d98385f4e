package io.vectorline.bench.embedding;

import io.vectorline.embedder.Chunk;
import io.vectorline.embedder.Chunker;
import io.vectorline.embedder.ModelTokenizer;
import java.util.List;

/**
 * Chunks and model tokens the job must embed for a set of documents, counted with the chunker
 * settings the job is started with, so the end-to-end token rate counts the same tokens as the
 * embedder-only variants.
 *
 * @param chunks chunks of all documents
 * @param tokens model input tokens of all chunks, [CLS] and [SEP] included
 */
record ChunkTally(long chunks, long tokens) {
    static final ChunkTally NONE = new ChunkTally(0, 0);

    static ChunkTally of(List<Document> documents, ModelTokenizer tokenizer) {
        Chunker chunker = Passages.chunker(tokenizer);
        ChunkTally tally = NONE;
        for (Document document : documents) {
            for (Chunk chunk : chunker.split(document.body())) {
                tally = tally.plus(chunk, tokenizer);
            }
        }
        return tally;
    }

    /**
     * Chunks of the edited documents whose text differs from the original's chunk at the same
     * position: the least a job that skips unchanged chunks has to embed again.
     */
    static ChunkTally changed(List<Document> originals, List<Document> edited, ModelTokenizer tokenizer) {
        Chunker chunker = Passages.chunker(tokenizer);
        ChunkTally tally = NONE;
        for (int d = 0; d < originals.size(); d++) {
            List<Chunk> before = chunker.split(originals.get(d).body());
            for (Chunk chunk : chunker.split(edited.get(d).body())) {
                int n = chunk.number();
                if (n >= before.size() || !before.get(n).text().equals(chunk.text())) {
                    tally = tally.plus(chunk, tokenizer);
                }
            }
        }
        return tally;
    }

    private ChunkTally plus(Chunk chunk, ModelTokenizer tokenizer) {
        return new ChunkTally(chunks + 1, tokens + chunk.tokens() + tokenizer.specialTokenCount());
    }
}

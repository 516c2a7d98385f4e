package io.vectorline.bench.embedding;

import io.vectorline.embedder.Chunk;
import io.vectorline.embedder.Chunker;
import io.vectorline.embedder.ModelTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Which share of a text's tokens a variant really embeds. On pre-cut 126-token passages every
 * variant embeds all of them; handed whole paragraphs or documents, LangChain4j keeps only the
 * first 128 tokens of each, while Vectorline chunks first and embeds every token.
 *
 * @param corpusTokens content tokens of the texts (special tokens excluded), by the model's tokenizer
 * @param embeddedTokens content tokens that reached the model
 */
record Coverage(String variant, String input, int texts, long corpusTokens, long embeddedTokens) {
    double share() {
        return corpusTokens == 0 ? 1 : (double) embeddedTokens / corpusTokens;
    }

    /** Whole paragraphs and whole documents through LangChain4j, as its own token count reports them. */
    static List<Coverage> ofLangChain4j(LangChain4jVariant langChain4j, Passages passages, ModelTokenizer tokenizer) {
        List<Coverage> rows = new ArrayList<>();
        for (Input input : Input.values()) {
            List<String> texts = input.texts(passages);
            langChain4j.embed(texts);
            rows.add(new Coverage(langChain4j.name(), input.label, texts.size(), contentTokens(texts, tokenizer),
                    langChain4j.lastContentTokens()));
        }
        return rows;
    }

    /** Whole documents through Vectorline: chunked, then each chunk as the embedder's model input. */
    static Coverage ofVectorline(String name, Passages passages, ModelTokenizer tokenizer) {
        Chunker chunker = Passages.chunker(tokenizer);
        List<String> documents = Input.DOCUMENTS.texts(passages);
        long embedded = 0;
        for (String document : documents) {
            for (Chunk chunk : chunker.split(document)) {
                embedded += tokenizer.encodeForModel(chunk.text()).getIds().length - tokenizer.specialTokenCount();
            }
        }
        return new Coverage(name, Input.DOCUMENTS.label + " (chunked first)", documents.size(),
                contentTokens(documents, tokenizer), embedded);
    }

    private static long contentTokens(List<String> texts, ModelTokenizer tokenizer) {
        long tokens = 0;
        for (String text : texts) {
            tokens += tokenizer.encodeForChunking(text).getIds().length;
        }
        return tokens;
    }

    private enum Input {
        PARAGRAPHS("whole paragraphs"),
        DOCUMENTS("whole documents");

        final String label;

        Input(String label) {
            this.label = label;
        }

        List<String> texts(Passages passages) {
            return this == PARAGRAPHS ? passages.paragraphs() : passages.bodies();
        }
    }
}

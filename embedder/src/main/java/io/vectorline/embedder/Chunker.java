package io.vectorline.embedder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into windows of at most {@code chunkTokens} model tokens, overlapping by
 * {@code overlapTokens}. Window edges move back to the start of a word, so a chunk re-tokenizes to
 * the same tokens it was cut from and its text is a plain substring of the document; only a single
 * word longer than a whole window is cut inside.
 */
public final class Chunker {
    private final ModelTokenizer tokenizer;
    private final ChunkingOptions options;

    public Chunker(ModelTokenizer tokenizer, ChunkingOptions options, ModelSpec spec) {
        options.requireFits(spec, tokenizer.specialTokenCount());
        this.tokenizer = tokenizer;
        this.options = options;
    }

    public List<Chunk> split(String text) {
        Encoding encoding = tokenizer.encodeForChunking(text);
        CharSpan[] spans = encoding.getCharTokenSpans();
        long[] words = encoding.getWordIds();
        int tokens = spans.length;
        int[] utf16Index = utf16IndexOfCodePoints(text);
        List<Chunk> chunks = new ArrayList<>();
        int start = 0;
        while (start < tokens) {
            int end = Math.min(start + options.chunkTokens(), tokens);
            if (end < tokens) {
                int wordStart = lastWordStart(words, end, start + 1);
                end = wordStart > 0 ? wordStart : end;
            }
            String chunkText = text.substring(
                    utf16Index[spans[start].getStart()], utf16Index[spans[end - 1].getEnd()]);
            chunks.add(new Chunk(chunks.size(), chunkText, end - start));
            if (end == tokens) {
                break;
            }
            int next = lastWordStart(words, end - options.overlapTokens(), start + 1);
            start = next > 0 ? next : end;
        }
        return chunks;
    }

    /**
     * Token spans count Unicode code points; Java strings index UTF-16 units, which differ after
     * any character outside the Basic Multilingual Plane (emoji, many CJK extensions).
     */
    private static int[] utf16IndexOfCodePoints(String text) {
        int[] index = new int[text.codePointCount(0, text.length()) + 1];
        int utf16 = 0;
        for (int cp = 0; cp < index.length - 1; cp++) {
            index[cp] = utf16;
            utf16 += Character.charCount(text.codePointAt(utf16));
        }
        index[index.length - 1] = utf16;
        return index;
    }

    /** The last token index in {@code [floor, index]} that begins a word, or -1 if none does. */
    private static int lastWordStart(long[] words, int index, int floor) {
        for (int i = index; i >= floor; i--) {
            if (words[i] != words[i - 1]) {
                return i;
            }
        }
        return -1;
    }
}

package io.vectorline.embedder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits text into chunks of at most {@code chunkTokens} model tokens. A chunk holds whole
 * paragraphs (separated by a blank line) as long as they fit, so editing one paragraph changes
 * the chunk that holds it and rarely any other: later chunks start at the same paragraph and
 * come out the same. A paragraph longer than a chunk is cut into windows overlapping by
 * {@code overlapTokens}, whose edges move back to the start of a word, so a chunk re-tokenizes to
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
        boolean[] startsParagraph = paragraphStarts(text, spans, utf16Index);
        while (start < tokens) {
            int end = Math.min(start + options.chunkTokens(), tokens);
            int paragraphEnd = end < tokens ? lastParagraphStart(startsParagraph, end, start + 1) : -1;
            if (paragraphEnd > 0) {
                end = paragraphEnd;
            } else if (end < tokens) {
                int wordStart = lastWordStart(words, end, start + 1);
                end = wordStart > 0 ? wordStart : end;
            }
            String chunkText = text.substring(
                    utf16Index[spans[start].getStart()], utf16Index[spans[end - 1].getEnd()]);
            chunks.add(new Chunk(chunks.size(), chunkText, end - start));
            if (end == tokens) {
                break;
            }
            if (startsParagraph[end]) {
                start = end;
            } else {
                int next = lastWordStart(words, end - options.overlapTokens(), start + 1);
                start = next > 0 ? next : end;
            }
        }
        return chunks;
    }

    /** Which tokens follow a blank line: a line break, optional spaces, and another line break. */
    private static boolean[] paragraphStarts(String text, CharSpan[] spans, int[] utf16Index) {
        boolean[] starts = new boolean[spans.length + 1];
        for (int i = 1; i < spans.length; i++) {
            int newlines = 0;
            for (int c = utf16Index[spans[i - 1].getEnd()]; c < utf16Index[spans[i].getStart()]; c++) {
                if (text.charAt(c) == '\n') {
                    newlines++;
                }
            }
            starts[i] = newlines >= 2;
        }
        return starts;
    }

    /** The last token index in {@code [floor, index]} that starts a paragraph, or -1 if none does. */
    private static int lastParagraphStart(boolean[] startsParagraph, int index, int floor) {
        for (int i = index; i >= floor; i--) {
            if (startsParagraph[i]) {
                return i;
            }
        }
        return -1;
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

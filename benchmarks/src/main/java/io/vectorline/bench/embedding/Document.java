package io.vectorline.bench.embedding;

import java.util.List;

/** One generated document: its key, a title and paragraphs of prose. */
public record Document(String tenantId, String docId, int index, String title, List<String> paragraphs) {
    /** Paragraphs separated by blank lines, as a producer would send them. */
    public String body() {
        return String.join("\n\n", paragraphs);
    }
}

package io.vectorline.cli;

import io.vectorline.embedder.OnnxEmbedder;
import io.vectorline.store.ChunkSearch;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;

/** Runs one search and prints it with its timings, for {@code search} and {@code demo}. */
final class SearchPrinter {
    private static final int SNIPPET_CHARS = 110;

    private SearchPrinter() {}

    static void search(OnnxEmbedder embedder, ChunkSearch search, String tenant, String query, int k, PrintWriter out)
            throws SQLException {
        long started = System.nanoTime();
        float[] vector = embedder.embedQuery(query);
        long embedded = System.nanoTime();
        List<ChunkSearch.Hit> hits = search.topK(tenant, vector, k);
        long searched = System.nanoTime();
        out.printf("%n[%s] \"%s\"  (embed %.1f ms, search %.1f ms)%n", tenant, query,
                (embedded - started) / 1e6, (searched - embedded) / 1e6);
        if (hits.isEmpty()) {
            out.println("  no results: nothing is stored for this tenant");
        }
        int rank = 1;
        for (ChunkSearch.Hit hit : hits) {
            out.printf("  %d. %.4f  %s #%d  %s%n     %s%n", rank++, hit.distance(), hit.docId(), hit.chunkNo(),
                    hit.title() == null ? "" : hit.title(), snippet(hit.content()));
        }
        out.flush();
    }

    private static String snippet(String content) {
        String flat = content.replaceAll("\\s+", " ").trim();
        return flat.length() <= SNIPPET_CHARS ? flat : flat.substring(0, SNIPPET_CHARS) + "…";
    }
}

package io.vectorline.bench;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The rows every method loads: tenants × documents × chunks with 600 characters of text and a
 * unit vector each, cut into the batches a sink flush would hold. Seeded, so every run and
 * every method sees the same rows.
 */
record SinkRows(List<List<DocumentUpsert>> batches, int chunks, int dimensions) {
    static final int TENANTS = 20;
    static final int CHUNKS_PER_DOCUMENT = 10;
    static final int CONTENT_CHARS = 600;

    static SinkRows generate(int chunks, int chunksPerBatch, int dimensions) {
        SplittableRandom random = new SplittableRandom(42);
        int documents = chunks / CHUNKS_PER_DOCUMENT;
        int documentsPerBatch = Math.max(1, chunksPerBatch / CHUNKS_PER_DOCUMENT);
        List<List<DocumentUpsert>> batches = new ArrayList<>();
        List<DocumentUpsert> batch = new ArrayList<>();
        for (int d = 0; d < documents; d++) {
            List<EmbeddedChunk> list = new ArrayList<>(CHUNKS_PER_DOCUMENT);
            for (int c = 0; c < CHUNKS_PER_DOCUMENT; c++) {
                list.add(new EmbeddedChunk(c, text(random), new byte[] {(byte) c, (byte) d}, unitVector(random, dimensions)));
            }
            batch.add(DocumentWrite.upsert("tenant-" + d % TENANTS, docId(d), 1, "Document " + d,
                    Map.of("source", "bench"), null, Instant.EPOCH, "bench-model", list));
            if (batch.size() == documentsPerBatch) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return new SinkRows(batches, documents * CHUNKS_PER_DOCUMENT, dimensions);
    }

    /** Ids sort by batch, so a batch is a range of ids. */
    static String docId(int index) {
        return String.format("doc-%08d", index);
    }

    private static String text(SplittableRandom random) {
        StringBuilder text = new StringBuilder(CONTENT_CHARS);
        while (text.length() < CONTENT_CHARS) {
            text.append((char) ('a' + random.nextInt(26)));
            if (random.nextInt(6) == 0) {
                text.append(' ');
            }
        }
        text.setLength(CONTENT_CHARS);
        return text.toString();
    }

    private static float[] unitVector(SplittableRandom random, int dimensions) {
        float[] v = new float[dimensions];
        double norm = 0;
        for (int i = 0; i < dimensions; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
            norm += v[i] * v[i];
        }
        float scale = (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < dimensions; i++) {
            v[i] *= scale;
        }
        return v;
    }
}

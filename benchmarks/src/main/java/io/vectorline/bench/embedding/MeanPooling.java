package io.vectorline.bench.embedding;

import java.nio.FloatBuffer;

/**
 * The pooling of sentence-transformers' all-MiniLM-L6-v2, written out for (a): the mean of the
 * token vectors the attention mask keeps, then unit length.
 */
final class MeanPooling {
    private MeanPooling() {}

    /** One text's vector from the model's output, {@code hidden} being {@code [1, tokens, dims]}. */
    static float[] pool(FloatBuffer hidden, long[] mask) {
        return normalize(meanPool(hidden, mask));
    }

    private static float[] meanPool(FloatBuffer hidden, long[] mask) {
        int dims = hidden.remaining() / mask.length;
        float[] pooled = new float[dims];
        int kept = 0;
        for (int t = 0; t < mask.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            kept++;
            for (int d = 0; d < dims; d++) {
                pooled[d] += hidden.get(t * dims + d);
            }
        }
        float scale = 1f / Math.max(kept, 1);
        for (int d = 0; d < dims; d++) {
            pooled[d] *= scale;
        }
        return pooled;
    }

    private static float[] normalize(float[] vector) {
        double sumOfSquares = 0;
        for (float v : vector) {
            sumOfSquares += (double) v * v;
        }
        if (sumOfSquares > 0) {
            float scale = (float) (1 / Math.sqrt(sumOfSquares));
            for (int d = 0; d < vector.length; d++) {
                vector[d] *= scale;
            }
        }
        return vector;
    }
}

package io.vectorline.embedder;

/** How token vectors become one text vector. */
public enum Pooling {
    /** Average of the token vectors the attention mask keeps (sentence-transformers' default). */
    MEAN,
    /** The vector of the first ([CLS]) token (BGE models). */
    CLS;

    /**
     * Pools one sequence out of a flat {@code [batch, seqLen, dims]} hidden-state buffer.
     *
     * @param hidden the model output, row-major
     * @param sequence which sequence of the batch
     * @param mask that sequence's attention mask (1 = real token); its length is seqLen
     */
    float[] pool(float[] hidden, int sequence, int dims, long[] mask) {
        int seqLen = mask.length;
        int base = sequence * seqLen * dims;
        float[] pooled = new float[dims];
        if (this == CLS) {
            System.arraycopy(hidden, base, pooled, 0, dims);
            return pooled;
        }
        int kept = 0;
        for (int t = 0; t < seqLen; t++) {
            if (mask[t] == 0) {
                continue;
            }
            kept++;
            int row = base + t * dims;
            for (int d = 0; d < dims; d++) {
                pooled[d] += hidden[row + d];
            }
        }
        float scale = 1f / Math.max(kept, 1);
        for (int d = 0; d < dims; d++) {
            pooled[d] *= scale;
        }
        return pooled;
    }

    /** Scales {@code vector} in place to unit length (a zero vector stays zero). */
    static void normalize(float[] vector) {
        double sumOfSquares = 0;
        for (float v : vector) {
            sumOfSquares += (double) v * v;
        }
        if (sumOfSquares == 0) {
            return;
        }
        float scale = (float) (1 / Math.sqrt(sumOfSquares));
        for (int d = 0; d < vector.length; d++) {
            vector[d] *= scale;
        }
    }
}

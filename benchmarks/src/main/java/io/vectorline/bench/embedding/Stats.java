package io.vectorline.bench.embedding;

import io.vectorline.bench.Median;
import java.util.Arrays;

/** Cosine similarity, for comparing the vectors two variants make for the same texts. */
final class Stats {
    private Stats() {}

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double normA = 0;
        double normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            normA += (double) a[i] * a[i];
            normB += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }

    /** How two variants' vectors for the same texts compare. */
    record Agreement(double minCosine, double medianCosine, int identical, int total) {
        static Agreement of(float[][] a, float[][] b) {
            double[] cosines = new double[a.length];
            int identical = 0;
            for (int i = 0; i < a.length; i++) {
                cosines[i] = cosine(a[i], b[i]);
                if (Arrays.equals(a[i], b[i])) {
                    identical++;
                }
            }
            return new Agreement(Arrays.stream(cosines).min().orElse(Double.NaN), Median.of(cosines), identical,
                    a.length);
        }

        boolean bitIdentical() {
            return identical == total;
        }
    }
}

package io.vectorline.bench;

import java.util.Arrays;

/** The middle of repeated measurements: one round slowed down by a noisy machine does not move it. */
public final class Median {
    private Median() {}

    public static double of(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}

package io.vectorline.bench.embedding;

import io.vectorline.bench.Median;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the variants on the same passages in one JVM, alternating: each round starts with another
 * variant, so drift of a shared, noisy machine spreads over all of them. Medians are reported.
 */
final class SideBySide {
    private static final int WARM_UP_TEXTS = 64;

    /** One variant's measurements over all rounds. */
    record Measured(EmbeddingVariant variant, double[] seconds, long tokens, int passages, float[][] vectors,
            boolean stableAcrossRounds) {
        double medianSeconds() {
            return Median.of(seconds);
        }

        double tokensPerSecond() {
            return tokens / medianSeconds();
        }

        double passagesPerSecond() {
            return passages / medianSeconds();
        }
    }

    private SideBySide() {}

    static Map<EmbeddingVariant, Measured> run(List<EmbeddingVariant> variants, List<String> texts, int rounds) {
        for (EmbeddingVariant variant : variants) {
            // first session runs allocate and tune; keep them out of the timings
            variant.embed(texts.subList(0, Math.min(WARM_UP_TEXTS, texts.size())));
        }
        Map<EmbeddingVariant, double[]> seconds = new LinkedHashMap<>();
        Map<EmbeddingVariant, float[][]> firstVectors = new LinkedHashMap<>();
        Map<EmbeddingVariant, Long> tokens = new LinkedHashMap<>();
        Map<EmbeddingVariant, Boolean> stable = new LinkedHashMap<>();
        variants.forEach(v -> {
            seconds.put(v, new double[rounds]);
            stable.put(v, true);
        });
        for (int round = 0; round < rounds; round++) {
            List<EmbeddingVariant> order = new ArrayList<>(variants);
            Collections.rotate(order, -round);
            for (EmbeddingVariant variant : order) {
                System.gc();
                long started = System.nanoTime();
                float[][] vectors = variant.embed(texts);
                double elapsed = (System.nanoTime() - started) / 1e9;
                seconds.get(variant)[round] = elapsed;
                long counted = variant.tokensEmbedded(texts);
                Long before = tokens.putIfAbsent(variant, counted);
                if (before != null && before != counted) {
                    throw new IllegalStateException(variant.name() + " embedded " + counted + " tokens in round "
                            + (round + 1) + " but " + before + " before");
                }
                float[][] first = firstVectors.putIfAbsent(variant, vectors);
                if (first != null && !Stats.Agreement.of(first, vectors).bitIdentical()) {
                    stable.put(variant, false);
                }
                System.err.printf("round %d/%d: %-32s %7.2f s  %,8.0f tokens/s  %6.1f passages/s%n", round + 1, rounds,
                        variant.name(), elapsed, counted / elapsed, texts.size() / elapsed);
            }
        }
        Map<EmbeddingVariant, Measured> measured = new LinkedHashMap<>();
        for (EmbeddingVariant variant : variants) {
            measured.put(variant, new Measured(variant, seconds.get(variant), tokens.get(variant), texts.size(),
                    firstVectors.get(variant), stable.get(variant)));
        }
        return measured;
    }
}

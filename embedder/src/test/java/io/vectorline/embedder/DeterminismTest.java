package io.vectorline.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A text's vector is bit-identical whatever it shares a call with, in any order, on any worker, in any instance. */
class DeterminismTest {
    private static final List<String> TEXTS = IntStream.range(0, 40)
            .mapToObj(i -> "Document " + i + " says " + "something rather specific ".repeat(1 + i % 7)
                    + (i % 3 == 0 ? "with an extra clause about tenants and vectors." : "."))
            .toList();

    @ParameterizedTest
    @EnumSource(EmbeddingModel.BuiltIn.class)
    void sameTextSameVectorAloneInBatchesInAnyOrderAndAfterReopen(EmbeddingModel.BuiltIn model) {
        float[][] together;
        float[][] shuffledBack = new float[TEXTS.size()][];
        try (OnnxEmbedder embedder = OnnxEmbedder.open(model.model(), EmbedderOptions.defaults())) {
            together = embedder.embed(TEXTS);
            List<Integer> order = new ArrayList<>(IntStream.range(0, TEXTS.size()).boxed().toList());
            Collections.shuffle(order, new Random(7));
            float[][] shuffled = embedder.embed(order.stream().map(TEXTS::get).toList());
            for (int i = 0; i < order.size(); i++) {
                shuffledBack[order.get(i)] = shuffled[i];
            }
            for (int i = 0; i < TEXTS.size(); i += 9) {
                assertThat(embedder.embed(List.of(TEXTS.get(i)))[0]).as("text %d alone", i).isEqualTo(together[i]);
            }
        }
        assertThat(shuffledBack).isDeepEqualTo(together);
        try (OnnxEmbedder reopened = OnnxEmbedder.open(model.model(), EmbedderOptions.defaults().withWorkers(3))) {
            assertThat(concurrently(reopened)).as("another instance with 3 workers, 4 callers at once")
                    .allSatisfy(vectors -> assertThat(vectors).isDeepEqualTo(together));
        }
        EmbedderOptions batched = new EmbedderOptions(EmbeddingLayout.BATCHED, 2, 2, 300, false,
                OrtSession.SessionOptions.OptLevel.ALL_OPT);
        if (model.model().spec().batchInvariant()) {
            try (OnnxEmbedder reopened = OnnxEmbedder.open(model.model(), batched)) {
                assertThat(reopened.embed(TEXTS)).as("batched by a 300-token budget, 2 intra-op threads")
                        .isDeepEqualTo(together);
            }
        } else {
            assertThatThrownBy(() -> OnnxEmbedder.open(model.model(), batched))
                    .hasMessageContaining("not batch-invariant");
        }
    }

    private static List<float[][]> concurrently(OnnxEmbedder embedder) {
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(callers.submit(() -> embedder.embed(TEXTS)));
            }
            List<float[][]> vectors = new ArrayList<>();
            for (Future<float[][]> result : results) {
                vectors.add(result.get());
            }
            return vectors;
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        } finally {
            callers.shutdownNow();
        }
    }
}

package io.vectorline.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A text's vector is bit-identical whatever it shares a call with, in any order, in any instance. */
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
        try (OnnxEmbedder reopened = OnnxEmbedder.open(model.model(), new EmbedderOptions(2, 7))) {
            assertThat(reopened.embed(TEXTS)).as("another instance, other threads and batch size")
                    .isDeepEqualTo(together);
        }
    }
}

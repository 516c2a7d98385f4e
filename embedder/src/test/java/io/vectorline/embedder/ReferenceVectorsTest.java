package io.vectorline.embedder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compares the embedder with vectors made by an independent implementation of the same models
 * (transformers.js on onnxruntime-node 1.30, see embedder/reference/): the same token ids, and
 * vectors within cosine 0.999 for fp32. The int8 graph quantizes activations with a scale taken
 * from the whole tensor, so a last-bit change in ONNX Runtime's fused layer norm between 1.29
 * (ours, the newest on Maven Central) and 1.30 flips a few int8 values on some texts: those reach
 * only cosine 0.993, so int8 is held to 0.99.
 */
class ReferenceVectorsTest {
    @ParameterizedTest
    @EnumSource(EmbeddingModel.BuiltIn.class)
    void matchesTheIndependentImplementation(EmbeddingModel.BuiltIn model) throws IOException {
        JsonNode reference = load(model.model().spec().id());
        List<String> texts = new ArrayList<>();
        reference.get("items").forEach(item -> texts.add(item.get("text").asText()));
        assertThat(texts).hasSizeGreaterThanOrEqualTo(20);

        try (OnnxEmbedder embedder = OnnxEmbedder.open(model.model(), EmbedderOptions.defaults())) {
            float[][] vectors = embedder.embed(texts);
            for (int i = 0; i < texts.size(); i++) {
                JsonNode item = reference.get("items").get(i);
                long[] expectedIds = toLongs(item.get("inputIds"));
                assertThat(embedder.tokenizer().encodeForModel(texts.get(i)).getIds())
                        .as("token ids of %s", item.get("id").asText())
                        .containsExactly(expectedIds);
                assertThat(cosine(vectors[i], toFloats(item.get("vector"))))
                        .as("cosine to reference of %s", item.get("id").asText())
                        .isGreaterThanOrEqualTo(minimumCosine(model));
            }
        }
    }

    private static double minimumCosine(EmbeddingModel.BuiltIn model) {
        return model.model().spec().batchInvariant() ? 0.999 : 0.99;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private static JsonNode load(String modelId) throws IOException {
        try (InputStream in = ReferenceVectorsTest.class.getResourceAsStream("/reference/" + modelId + ".json")) {
            assertThat(in).as("reference file for %s", modelId).isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static long[] toLongs(JsonNode array) {
        long[] values = new long[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asLong();
        }
        return values;
    }

    private static float[] toFloats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}

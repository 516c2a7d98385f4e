package io.vectorline.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model read from a directory behaves exactly like the same model shipped in an artifact. */
class ModelDirectoryTest {
    @Test
    void aDirectoryWithModelAndTokenizerEmbedsLikeTheBuiltInModel(@TempDir Path dir) throws Exception {
        EmbeddingModel.BuiltIn builtIn = EmbeddingModel.BuiltIn.ALL_MINILM_L6_V2_Q;
        copyBuiltIn(builtIn, dir);
        ModelSpec spec = builtIn.model().spec();
        List<String> texts = List.of("tenant-scoped search", "a second, longer sentence about vectors");
        float[][] fromArtifact;
        try (OnnxEmbedder embedder = OnnxEmbedder.open(builtIn.model(), EmbedderOptions.defaults())) {
            fromArtifact = embedder.embed(texts);
        }
        try (OnnxEmbedder embedder = OnnxEmbedder.open(EmbeddingModel.fromDirectory(dir, spec),
                EmbedderOptions.defaults())) {
            assertThat(embedder.embed(texts)).isDeepEqualTo(fromArtifact);
        }
    }

    @Test
    void aDirectoryWithoutTheFilesIsRefusedByName(@TempDir Path dir) throws Exception {
        ModelSpec spec = EmbeddingModel.DEFAULT.model().spec();
        assertThatThrownBy(() -> EmbeddingModel.fromDirectory(dir, spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no model.onnx");
        Files.writeString(dir.resolve("model.onnx"), "not a model");
        assertThatThrownBy(() -> EmbeddingModel.fromDirectory(dir, spec)).hasMessageContaining("has no tokenizer.json");
    }

    @Test
    void aSpecWithTheWrongDimensionFailsAtOpen(@TempDir Path dir) throws Exception {
        copyBuiltIn(EmbeddingModel.BuiltIn.ALL_MINILM_L6_V2_Q, dir);
        ModelSpec wrong = new ModelSpec("mislabelled", 768, 256, Pooling.MEAN, ModelSpec.Normalization.UNIT_LENGTH, "",
                ModelSpec.Batching.ONE_TEXT_PER_CALL);
        assertThatThrownBy(() -> OnnxEmbedder.open(EmbeddingModel.fromDirectory(dir, wrong), EmbedderOptions.defaults()))
                .hasMessageContaining("outputs 384 dimensions but its spec says 768");
    }

    private static void copyBuiltIn(EmbeddingModel.BuiltIn builtIn, Path dir) throws Exception {
        ModelFiles files = builtIn.files();
        try (InputStream model = files.openModel(); InputStream tokenizer = files.openTokenizer()) {
            Files.copy(model, dir.resolve("model.onnx"));
            Files.copy(tokenizer, dir.resolve("tokenizer.json"));
        }
    }
}

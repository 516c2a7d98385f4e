package io.vectorline.bench.embedding;

import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.embedder.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * all-MiniLM-L6-v2 int8 as every variant reads it: the {@code .onnx} and {@code tokenizer.json}
 * inside LangChain4j's model artifact, the very files Vectorline's built-in model is made of.
 */
public final class ModelResources {
    public static final EmbeddingModel.BuiltIn MODEL = EmbeddingModel.BuiltIn.ALL_MINILM_L6_V2_Q;
    static final String ONNX = "all-minilm-l6-v2-q.onnx";
    static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

    private ModelResources() {}

    public static ModelFiles files() {
        return ModelFiles.classpath(ONNX, TOKENIZER);
    }

    static byte[] read(String resource) {
        try (InputStream in = ModelResources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}

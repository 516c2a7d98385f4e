package io.vectorline.embedder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a model's ONNX graph and its {@code tokenizer.json} are read from. */
public interface ModelFiles {
    InputStream openModel() throws IOException;

    InputStream openTokenizer() throws IOException;

    /** A human-readable location, for error messages. */
    String describe();

    default byte[] readModel() {
        try (InputStream in = openModel()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model from " + describe(), e);
        }
    }

    /** Resources on the classpath, such as those shipped inside a model's Maven artifact. */
    static ModelFiles classpath(String modelResource, String tokenizerResource) {
        return new ModelFiles() {
            @Override
            public InputStream openModel() throws IOException {
                return open(modelResource);
            }

            @Override
            public InputStream openTokenizer() throws IOException {
                return open(tokenizerResource);
            }

            @Override
            public String describe() {
                return "classpath:" + modelResource;
            }

            private InputStream open(String resource) throws IOException {
                InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(resource);
                if (in == null) {
                    throw new IOException("resource " + resource + " is not on the classpath");
                }
                return in;
            }
        };
    }

    /** A directory holding {@code model.onnx} and {@code tokenizer.json}. */
    static ModelFiles directory(Path dir) {
        Path model = dir.resolve("model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        for (Path required : new Path[] {model, tokenizer}) {
            if (!Files.isRegularFile(required)) {
                throw new IllegalArgumentException("model directory " + dir + " has no " + required.getFileName());
            }
        }
        return new ModelFiles() {
            @Override
            public InputStream openModel() throws IOException {
                return Files.newInputStream(model);
            }

            @Override
            public InputStream openTokenizer() throws IOException {
                return Files.newInputStream(tokenizer);
            }

            @Override
            public String describe() {
                return dir.toString();
            }
        };
    }
}

package io.vectorline.embedder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One ONNX Runtime session of a model with its own tokenizer: tokenize, run, pool with the
 * attention mask, normalise. Owned by one worker thread at a time.
 */
final class ModelSession implements AutoCloseable {
    private final ModelSpec spec;
    private final ModelTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypeIds;

    ModelSession(EmbeddingModel model, EmbedderOptions options, OrtEnvironment environment) throws OrtException {
        this.spec = model.spec();
        this.environment = environment;
        this.tokenizer = new ModelTokenizer(model.files(), spec.maxTokens());
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setInterOpNumThreads(1);
            sessionOptions.setOptimizationLevel(options.optimization());
            sessionOptions.addConfigEntry("session.intra_op.allow_spinning", options.spinning() ? "1" : "0");
            sessionOptions.addConfigEntry("session.inter_op.allow_spinning", options.spinning() ? "1" : "0");
            this.session = environment.createSession(model.files().readModel(), sessionOptions);
        } catch (OrtException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        this.takesTokenTypeIds = session.getInputNames().contains("token_type_ids");
    }

    Encoding encode(String text) {
        return tokenizer.encodeForModel(text);
    }

    /** One normalised vector per encoding; all run in one session call, padded to the longest. */
    float[][] run(List<Encoding> batch) {
        int rows = batch.size();
        int length = batch.stream().mapToInt(e -> e.getIds().length).max().orElse(0);
        long[][] ids = new long[rows][length];
        long[][] mask = new long[rows][length];
        long[][] types = new long[rows][length];
        for (int r = 0; r < rows; r++) {
            Encoding encoding = batch.get(r);
            int n = encoding.getIds().length;
            System.arraycopy(encoding.getIds(), 0, ids[r], 0, n);
            System.arraycopy(encoding.getAttentionMask(), 0, mask[r], 0, n);
            System.arraycopy(encoding.getTypeIds(), 0, types[r], 0, n);
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, ids));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, mask));
            if (takesTokenTypeIds) {
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, types));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return pool((OnnxTensor) result.get(0), rows, length, mask);
            }
        } catch (OrtException e) {
            throw new IllegalStateException("model " + spec.id() + " failed on a batch of " + rows + ": "
                    + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] pool(OnnxTensor hidden, int rows, int length, long[][] mask) {
        FloatBuffer buffer = hidden.getFloatBuffer();
        float[] flat = new float[buffer.remaining()];
        buffer.get(flat);
        int dims = flat.length / (rows * length);
        if (dims != spec.dimensions()) {
            throw new IllegalArgumentException("model " + spec.id() + " outputs " + dims
                    + " dimensions but its spec says " + spec.dimensions());
        }
        float[][] vectors = new float[rows][];
        for (int r = 0; r < rows; r++) {
            vectors[r] = spec.pooling().pool(flat, r, spec.dimensions(), mask[r]);
            if (spec.normalization() == ModelSpec.Normalization.UNIT_LENGTH) {
                Pooling.normalize(vectors[r]);
            }
        }
        return vectors;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close session of model " + spec.id(), e);
        } finally {
            tokenizer.close();
        }
    }
}

package io.vectorline.embedder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.IntStream;

/**
 * Embeds texts with an ONNX sentence-embedding model: tokenize, run, pool with the attention mask,
 * normalise. The same text always gets the same vector: batch-invariant models share session calls
 * (sorted by length to waste little padding); dynamically quantized ones run one text per call,
 * because their activation scales depend on the whole input tensor.
 *
 * <p>Not thread-safe: give each worker its own instance.
 */
public final class OnnxEmbedder implements AutoCloseable {
    private static final long ORT_ENVIRONMENT_STACK_BYTES = 64L << 20;

    private final ModelSpec spec;
    private final EmbedderOptions options;
    private final ModelTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypeIds;

    private OnnxEmbedder(EmbeddingModel model, EmbedderOptions options) throws OrtException {
        this.spec = model.spec();
        this.options = options;
        ModelFiles files = model.files();
        this.tokenizer = new ModelTokenizer(files, spec.maxTokens());
        this.environment = environment();
        try (OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions()) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
            sessionOptions.setInterOpNumThreads(1);
            sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = environment.createSession(files.readModel(), sessionOptions);
        }
        this.takesTokenTypeIds = session.getInputNames().contains("token_type_ids");
    }

    /**
     * ONNX Runtime's environment, created on a thread with a large stack: since 1.29 its creation
     * runs a recursive regex over {@code /proc/self/cmdline} (telemetry), and a long command line,
     * such as a Flink TaskManager's classpath, overflows a 1 MB thread stack and kills the JVM
     * without a trace. {@code ORT_DISABLE_TELEMETRY=1} skips that work; this guards every launcher.
     */
    private static OrtEnvironment environment() throws OrtException {
        FutureTask<OrtEnvironment> create = new FutureTask<>(OrtEnvironment::getEnvironment);
        Thread thread = new Thread(null, create, "ort-environment", ORT_ENVIRONMENT_STACK_BYTES);
        thread.setDaemon(true);
        thread.start();
        try {
            return create.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the ONNX Runtime environment", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OrtException ortException) {
                throw ortException;
            }
            throw new IllegalStateException("cannot create the ONNX Runtime environment", e.getCause());
        }
    }

    public static OnnxEmbedder open(EmbeddingModel model, EmbedderOptions options) {
        try {
            OnnxEmbedder embedder = new OnnxEmbedder(model, options);
            embedder.embed(List.of("probe: fail at open, not at the first document"));
            return embedder;
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open model " + model + ": " + e.getMessage(), e);
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    public ModelTokenizer tokenizer() {
        return tokenizer;
    }

    /** One vector per text, in the order given. */
    public float[][] embed(List<String> texts) {
        List<Encoding> encodings = new ArrayList<>(texts.size());
        for (String text : texts) {
            encodings.add(tokenizer.encodeForModel(text));
        }
        float[][] vectors = new float[texts.size()][];
        int batchSize = spec.batchInvariant() ? options.maxBatchSize() : 1;
        IntStream order = IntStream.range(0, encodings.size());
        int[] byLength = batchSize == 1
                ? order.toArray()
                : order.boxed()
                        .sorted(Comparator.comparingInt(i -> encodings.get(i).getIds().length))
                        .mapToInt(Integer::intValue)
                        .toArray();
        for (int from = 0; from < byLength.length; from += batchSize) {
            int to = Math.min(from + batchSize, byLength.length);
            List<Encoding> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(encodings.get(byLength[i]));
            }
            float[][] batchVectors = run(batch);
            for (int i = from; i < to; i++) {
                vectors[byLength[i]] = batchVectors[i - from];
            }
        }
        return vectors;
    }

    /** A search query's vector, with the model's query prefix. */
    public float[] embedQuery(String query) {
        return embed(List.of(spec.queryPrefix() + query))[0];
    }

    private float[][] run(List<Encoding> batch) {
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
                OnnxTensor hidden = (OnnxTensor) result.get(0);
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
                    if (spec.normalize()) {
                        Pooling.normalize(vectors[r]);
                    }
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("model " + spec.id() + " failed on a batch of " + rows + ": "
                    + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
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

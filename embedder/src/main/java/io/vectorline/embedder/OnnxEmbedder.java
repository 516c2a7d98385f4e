package io.vectorline.embedder;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.IntStream;

/**
 * Embeds texts with an ONNX sentence-embedding model on a fixed set of workers, each owning its
 * own session ({@link SessionWorkers}), in the {@link EmbeddingLayout} of its options. The same
 * text always gets the same vector, bit for bit: whatever else is embedded with it, on whichever
 * worker.
 *
 * <p>Thread-safe: callers on many threads share the workers, so one instance per JVM sizes the
 * model's threads to the cores rather than to the callers.
 */
public final class OnnxEmbedder implements AutoCloseable {
    private static final long ORT_ENVIRONMENT_STACK_BYTES = 64L << 20;

    private final ModelSpec spec;
    private final EmbedderOptions options;
    /** For callers (chunking, batch planning); each session tokenizes with its own. */
    private final ModelTokenizer tokenizer;
    private final SessionWorkers workers;

    private OnnxEmbedder(EmbeddingModel model, EmbedderOptions options) throws OrtException {
        options.requireDeterministic(model.spec());
        this.spec = model.spec();
        this.options = options;
        OrtEnvironment environment = environment();
        List<ModelSession> sessions = new ArrayList<>(options.workerCount());
        try {
            for (int i = 0; i < options.workerCount(); i++) {
                sessions.add(new ModelSession(model, options, environment));
            }
            this.tokenizer = new ModelTokenizer(model.files(), spec.maxTokens());
        } catch (OrtException | RuntimeException e) {
            sessions.forEach(ModelSession::close);
            throw e;
        }
        this.workers = new SessionWorkers(sessions, "embedder-" + spec.id());
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
        OnnxEmbedder embedder;
        try {
            embedder = new OnnxEmbedder(model, options);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot open model " + model + ": " + e.getMessage(), e);
        }
        try {
            // every worker once: fail at open, not at the first document
            embedder.embed(IntStream.range(0, options.workerCount()).mapToObj(i -> "probe " + i).toList());
            return embedder;
        } catch (RuntimeException e) {
            embedder.close();
            throw new IllegalStateException("cannot open model " + model + ": " + e.getMessage(), e);
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    public ModelTokenizer tokenizer() {
        return tokenizer;
    }

    /** One vector per text, in the order given. Blocks until all are done. */
    public float[][] embed(List<String> texts) {
        if (texts.isEmpty()) {
            return new float[0][];
        }
        List<EmbeddingTask> tasks = options.layout() == EmbeddingLayout.BATCHED
                ? EmbeddingTask.batches(texts, tokenizer, options.batchTokens())
                : EmbeddingTask.oneTextEach(texts.size());
        return workers.run(texts, tasks);
    }

    /** A search query's vector, with the model's query prefix. */
    public float[] embedQuery(String query) {
        return embed(List.of(spec.queryPrefix() + query))[0];
    }

    /** Stops the workers once running work is done and closes their sessions. */
    @Override
    public void close() {
        workers.close();
        tokenizer.close();
    }
}

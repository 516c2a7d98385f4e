package io.vectorline.embedder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * Embeds texts with an ONNX sentence-embedding model on a fixed set of worker threads, each
 * owning its own session, in the {@link EmbeddingLayout} of its options. The same text always
 * gets the same vector, bit for bit: whatever else is embedded with it, on whichever worker.
 *
 * <p>Thread-safe: callers on many threads share the workers, so one instance per JVM sizes the
 * model's threads to the cores rather than to the callers.
 */
public final class OnnxEmbedder implements AutoCloseable {
    private static final long ORT_ENVIRONMENT_STACK_BYTES = 64L << 20;
    private static final Task STOP = new Task(null, new int[0]);

    private final ModelSpec spec;
    private final EmbedderOptions options;
    /** For callers (chunking, batch planning); each worker tokenizes with its own. */
    private final ModelTokenizer tokenizer;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();

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
        for (int i = 0; i < sessions.size(); i++) {
            ModelSession session = sessions.get(i);
            Thread worker = new Thread(() -> work(session), "embedder-" + spec.id() + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
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
        Call call = new Call(texts);
        List<Task> planned = options.layout() == EmbeddingLayout.BATCHED ? batches(call) : oneTextEach(call);
        call.expect(planned.size());
        tasks.addAll(planned);
        return call.await();
    }

    /** A search query's vector, with the model's query prefix. */
    public float[] embedQuery(String query) {
        return embed(List.of(spec.queryPrefix() + query))[0];
    }

    private static List<Task> oneTextEach(Call call) {
        List<Task> planned = new ArrayList<>(call.texts.size());
        for (int i = 0; i < call.texts.size(); i++) {
            planned.add(new Task(call, new int[] {i}));
        }
        return planned;
    }

    /** Sorted by length, so a batch wastes little on padding; cut where the padded size would exceed the budget. */
    private List<Task> batches(Call call) {
        call.encodings = call.texts.stream().map(tokenizer::encodeForModel).toArray(Encoding[]::new);
        int[] byLength = IntStream.range(0, call.texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> call.encodings[i].getIds().length))
                .mapToInt(Integer::intValue)
                .toArray();
        List<Task> planned = new ArrayList<>();
        int from = 0;
        for (int to = 0; to < byLength.length; to++) {
            long padded = (long) (to - from + 1) * call.encodings[byLength[to]].getIds().length;
            if (padded > options.batchTokens() && to > from) {
                planned.add(new Task(call, Arrays.copyOfRange(byLength, from, to)));
                from = to;
            }
        }
        planned.add(new Task(call, Arrays.copyOfRange(byLength, from, byLength.length)));
        return planned;
    }

    private void work(ModelSession session) {
        try {
            while (true) {
                Task task = tasks.take();
                if (task == STOP) {
                    return;
                }
                task.runOn(session);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            session.close();
        }
    }

    /** Stops the workers once queued work is done and closes their sessions. */
    @Override
    public void close() {
        workers.forEach(worker -> tasks.add(STOP));
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        tokenizer.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** One caller's texts, the vectors as workers finish them, and the first failure. */
    private static final class Call {
        final List<String> texts;
        final float[][] vectors;
        /** Set when the caller tokenized (batched layout); else each worker tokenizes its text. */
        Encoding[] encodings;
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        CountDownLatch remaining;

        Call(List<String> texts) {
            this.texts = texts;
            this.vectors = new float[texts.size()][];
        }

        void expect(int taskCount) {
            remaining = new CountDownLatch(taskCount);
        }

        float[][] await() {
            try {
                remaining.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while embedding", e);
            }
            RuntimeException failed = failure.get();
            if (failed != null) {
                throw new IllegalStateException(failed.getMessage(), failed);
            }
            return vectors;
        }
    }

    /** Texts of one call that run in one session call. */
    private record Task(Call call, int[] indices) {
        void runOn(ModelSession session) {
            try {
                if (call.failure.get() == null) {
                    List<Encoding> batch = new ArrayList<>(indices.length);
                    for (int i : indices) {
                        batch.add(call.encodings != null ? call.encodings[i] : session.encode(call.texts.get(i)));
                    }
                    float[][] batchVectors = session.run(batch);
                    for (int k = 0; k < indices.length; k++) {
                        call.vectors[indices[k]] = batchVectors[k];
                    }
                }
            } catch (RuntimeException e) {
                call.failure.compareAndSet(null, e);
            } finally {
                call.remaining.countDown();
            }
        }
    }
}

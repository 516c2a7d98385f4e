package io.vectorline.bench.embedding;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (a) The baseline: the fastest deterministic layout measured on these cores, written directly on
 * ONNX Runtime and DJL's tokenizer, independent of Vectorline's classes. N workers, each with its
 * own single-threaded session and tokenizer, take the next text from a shared index and run it
 * alone (the int8 graph quantizes per tensor, so batching would change vectors); mean pooling over
 * the attention mask, then unit length.
 */
final class PlainOrtLoop implements EmbeddingVariant {
    /** The model's own limit (sentence-transformers' max_seq_length), not the shipped 128. */
    private static final int MAX_TOKENS = 256;

    private final List<Worker> workers = new ArrayList<>();
    private final ExecutorService threads;
    private long lastTokens;

    PlainOrtLoop(int threadCount) {
        byte[] model = ModelResources.read(ModelResources.ONNX);
        byte[] tokenizer = ModelResources.read(ModelResources.TOKENIZER);
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        for (int i = 0; i < threadCount; i++) {
            workers.add(new Worker(environment, model, tokenizer));
        }
        threads = Executors.newFixedThreadPool(threadCount, r -> {
            Thread thread = new Thread(r, "plain-ort-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return "(a) plain ONNX Runtime loop";
    }

    @Override
    public String description() {
        return workers.size() + " workers x own 1-thread OrtSession, one text per session.run, shared AtomicInteger index;"
                + " DJL HuggingFaceTokenizer; mean pooling + L2";
    }

    @Override
    public float[][] embed(List<String> texts) {
        float[][] vectors = new float[texts.size()][];
        AtomicInteger next = new AtomicInteger();
        AtomicLong tokens = new AtomicLong();
        List<Future<?>> running = new ArrayList<>();
        for (Worker worker : workers) {
            running.add(threads.submit(() -> {
                long own = 0;
                for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                    Encoding encoding = worker.tokenizer.encode(texts.get(i));
                    vectors[i] = worker.embed(encoding);
                    own += encoding.getIds().length;
                }
                tokens.addAndGet(own);
                return null;
            }));
        }
        for (Future<?> future : running) {
            try {
                future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("plain ONNX Runtime loop failed", e.getCause());
            }
        }
        lastTokens = tokens.get();
        return vectors;
    }

    @Override
    public long tokensEmbedded(List<String> texts) {
        return lastTokens;
    }

    @Override
    public void close() {
        threads.shutdownNow();
        workers.forEach(Worker::close);
    }

    /** One session and one tokenizer, used by one thread only. */
    private static final class Worker {
        private final OrtEnvironment environment;
        private final OrtSession session;
        private final HuggingFaceTokenizer tokenizer;
        private final boolean takesTokenTypeIds;

        Worker(OrtEnvironment environment, byte[] model, byte[] tokenizerJson) {
            this.environment = environment;
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                this.session = environment.createSession(model, options);
                this.takesTokenTypeIds = session.getInputNames().contains("token_type_ids");
                // the shipped tokenizer.json pads to 128 and cuts at 128: override both
                this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), Map.of(
                        "addSpecialTokens", "true", "truncation", "true", "padding", "false",
                        "maxLength", Integer.toString(MAX_TOKENS)));
            } catch (OrtException e) {
                throw new IllegalStateException("cannot open the ONNX session", e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the tokenizer", e);
            }
        }

        float[] embed(Encoding encoding) {
            long[] shape = {1, encoding.getIds().length};
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getIds()), shape));
                inputs.put("attention_mask",
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getAttentionMask()), shape));
                if (takesTokenTypeIds) {
                    inputs.put("token_type_ids",
                            OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()), shape));
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                    return MeanPooling.pool(hidden, encoding.getAttentionMask());
                }
            } catch (OrtException e) {
                throw new IllegalStateException("session.run failed", e);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }

        void close() {
            tokenizer.close();
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException("cannot close the ONNX session", e);
            }
        }
    }
}

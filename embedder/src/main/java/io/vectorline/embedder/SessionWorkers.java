package io.vectorline.embedder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread per model session. A call fails, instead of waiting forever, when none of its tasks
 * finishes for {@link #STALL_TIMEOUT}: a worker stuck in native code then costs a failed batch
 * (and a restore), not a hung job.
 */
final class SessionWorkers implements AutoCloseable {
    static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger LOG = LoggerFactory.getLogger(SessionWorkers.class);

    private final ExecutorService executor;
    private final BlockingQueue<ModelSession> idle;

    SessionWorkers(List<ModelSession> sessions, String name) {
        AtomicInteger started = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(sessions.size(), task -> {
            Thread thread = new Thread(task, name + "-" + started.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        });
        this.idle = new ArrayBlockingQueue<>(sessions.size(), false, sessions);
    }

    /** Runs the tasks over {@code texts}; one vector per text, in their order. */
    float[][] run(List<String> texts, List<EmbeddingTask> tasks) {
        float[][] vectors = new float[texts.size()][];
        CompletionService<Void> completion = new ExecutorCompletionService<>(executor);
        List<Future<Void>> futures = new ArrayList<>(tasks.size());
        for (EmbeddingTask task : tasks) {
            futures.add(completion.submit(() -> {
                ModelSession session = idle.take();
                try {
                    task.runOn(session, texts, vectors);
                } finally {
                    idle.put(session);
                }
                return null;
            }));
        }
        try {
            for (int finished = 0; finished < tasks.size(); finished++) {
                Future<Void> next = completion.poll(STALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (next == null) {
                    throw new IllegalStateException("no embedding finished in " + STALL_TIMEOUT + " (" + finished
                            + " of " + tasks.size() + " tasks done): a worker is stuck");
                }
                next.get();
            }
            return vectors;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            // after a failure the rest is not worth computing
            futures.forEach(future -> future.cancel(false));
        }
    }

    /** Lets running tasks finish, then closes the sessions; a session still held by a stuck worker is left. */
    @Override
    public void close() {
        executor.shutdown();
        boolean interrupted = false;
        try {
            if (!executor.awaitTermination(STALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("an embedder worker is still busy after {}; closing without it", STALL_TIMEOUT);
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            interrupted = true;
            executor.shutdownNow();
        }
        List<ModelSession> sessions = new ArrayList<>();
        idle.drainTo(sessions);
        sessions.forEach(ModelSession::close);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

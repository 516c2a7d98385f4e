package io.vectorline.sink.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A writer's progress line, at most once a minute: what it stored and refused since the last one. */
final class StoreProgress {
    private static final Logger LOG = LoggerFactory.getLogger(StoreProgress.class);
    private static final long EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final String writer;
    private long since = System.nanoTime();
    private long flushes;
    private long documents;
    private long chunks;
    private long refused;

    StoreProgress(String writer) {
        this.writer = writer;
    }

    void flushed(int documentCount, int chunkCount) {
        flushes++;
        documents += documentCount;
        chunks += chunkCount;
        long now = System.nanoTime();
        if (now - since >= EVERY_NANOS) {
            LOG.info("{}: {} flushes stored {} document writes and {} chunks in the last {} s; {} refused",
                    writer, flushes, documents, chunks, Duration.ofNanos(now - since).toSeconds(), refused);
            since = now;
            flushes = 0;
            documents = 0;
            chunks = 0;
            refused = 0;
        }
    }

    void refused() {
        refused++;
    }
}

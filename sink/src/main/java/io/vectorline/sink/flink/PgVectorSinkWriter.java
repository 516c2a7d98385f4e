package io.vectorline.sink.flink;

import io.vectorline.sink.DocumentWrite;
import io.vectorline.sink.PendingWrites;
import io.vectorline.sink.StoreLayout;
import io.vectorline.sink.StoreSchema;
import io.vectorline.sink.VectorStoreWriter;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Buffers writes and applies them in one transaction when the buffer is full, when its oldest
 * write reaches the age limit (a processing-time timer on the task's mailbox thread, so no locks),
 * and on every {@link #flush} (before each checkpoint and at end of input). A failed flush fails
 * the checkpoint instead of acknowledging data that is not stored.
 */
final class PgVectorSinkWriter implements SinkWriter<DocumentWrite> {
    private final PgVectorSinkOptions options;
    private final ProcessingTimeService timers;
    private final VectorStoreWriter store;
    private final PendingWrites pending = new PendingWrites();
    private long flushGeneration;

    private PgVectorSinkWriter(PgVectorSinkOptions options, ProcessingTimeService timers, VectorStoreWriter store) {
        this.options = options;
        this.timers = timers;
        this.store = store;
    }

    static PgVectorSinkWriter open(PgVectorSinkOptions options, ProcessingTimeService timers) throws IOException {
        StoreLayout layout;
        try {
            layout = StoreSchema.bootstrap(options.jdbcUrl(), options.store());
        } catch (SQLException | RuntimeException e) {
            throw new IOException("cannot open the vector store at " + redact(options.jdbcUrl()) + ": "
                    + e.getMessage(), e);
        }
        VectorStoreWriter store =
                new VectorStoreWriter(() -> DriverManager.getConnection(options.jdbcUrl()), options.retry(), layout);
        return new PgVectorSinkWriter(options, timers, store);
    }

    @Override
    public void write(DocumentWrite element, Context context) throws IOException {
        if (pending.isEmpty()) {
            scheduleAgeFlush();
        }
        pending.add(element);
        if (pending.documentCount() >= options.maxBufferedDocuments()
                || pending.chunkCount() >= options.maxBufferedChunks()) {
            flushPending();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
        flushPending();
    }

    private void scheduleAgeFlush() {
        long generation = flushGeneration;
        long due = timers.getCurrentProcessingTime() + options.maxBufferAge().toMillis();
        timers.registerTimer(due, time -> {
            if (generation == flushGeneration) {
                flushPending();
            }
        });
    }

    private void flushPending() throws IOException {
        flushGeneration++;
        if (pending.isEmpty()) {
            return;
        }
        try {
            store.apply(pending.documents());
        } catch (SQLException e) {
            throw new IOException("flush of " + pending.documentCount() + " documents (" + pending.chunkCount()
                    + " chunks) failed: " + e.getMessage(), e);
        }
        pending.clear();
    }

    @Override
    public void close() throws Exception {
        store.close();
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}

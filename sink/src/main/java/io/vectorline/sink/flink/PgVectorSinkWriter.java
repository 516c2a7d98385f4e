package io.vectorline.sink.flink;

import io.vectorline.sink.DocumentWrite;
import io.vectorline.sink.PendingWrites;
import io.vectorline.sink.RefusedVersions;
import io.vectorline.sink.StoreLayout;
import io.vectorline.sink.StoreSchema;
import io.vectorline.sink.VectorStoreWriter;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Buffers writes and applies them in one transaction when the buffer is full, when its oldest
 * write reaches the age limit (a processing-time timer on the task's mailbox thread, so no locks),
 * and on every {@link #flush} (before each checkpoint and at end of input). A failed flush fails
 * the checkpoint instead of acknowledging data that is not stored.
 *
 * <p>With a {@link RefusedDocuments} channel, a document the database refuses (a data error, never
 * retried) goes there with the reason and the rest of the flush lands; so does a later version
 * that keeps chunks of a refused one. Without a channel, a data error fails the flush.
 */
final class PgVectorSinkWriter implements SinkWriter<DocumentWrite> {
    private final PgVectorSinkOptions options;
    private final ProcessingTimeService timers;
    private final VectorStoreWriter store;
    private final RefusedDocuments.Channel refusals;
    private final Counter refusedCount;
    private final PendingWrites pending = new PendingWrites();
    private final RefusedVersions refusedVersions = new RefusedVersions();
    private long flushGeneration;

    private PgVectorSinkWriter(PgVectorSinkOptions options, ProcessingTimeService timers, VectorStoreWriter store,
            RefusedDocuments.Channel refusals, Counter refusedCount) {
        this.options = options;
        this.timers = timers;
        this.store = store;
        this.refusals = refusals;
        this.refusedCount = refusedCount;
    }

    /** {@code refused} may be null: then a data error fails the flush. */
    static PgVectorSinkWriter open(PgVectorSinkOptions options, RefusedDocuments refused,
            ProcessingTimeService timers, Counter refusedCount) throws IOException {
        StoreLayout layout;
        try {
            layout = StoreSchema.bootstrap(options.jdbcUrl(), options.store());
        } catch (SQLException | RuntimeException e) {
            throw new IOException("cannot open the vector store at " + redact(options.jdbcUrl()) + ": "
                    + e.getMessage(), e);
        }
        VectorStoreWriter store =
                new VectorStoreWriter(() -> DriverManager.getConnection(options.jdbcUrl()), options.retry(), layout);
        return new PgVectorSinkWriter(options, timers, store, refused == null ? null : refused.open(), refusedCount);
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
            if (refusals == null) {
                store.apply(pending.documents());
            } else {
                applyRefusingBadDocuments();
            }
        } catch (SQLException e) {
            throw new IOException("flush of " + pending.documentCount() + " documents (" + pending.chunkCount()
                    + " chunks) failed: " + e.getMessage(), e);
        }
        pending.clear();
    }

    private void applyRefusingBadDocuments() throws SQLException, IOException {
        List<PendingWrites.Pending> toApply = new ArrayList<>(pending.documentCount());
        List<RefusedDocuments.Refusal> refused = new ArrayList<>();
        for (PendingWrites.Pending document : pending.documents()) {
            if (refusedVersions.buildsOnRefused(document)) {
                refused.add(refusal(document, "it keeps chunks of version " + document.upsert().basisVersion()
                        + ", which the database refused; publish the document again in full"));
                refusedVersions.refused(document);
            } else {
                toApply.add(document);
            }
        }
        List<VectorStoreWriter.Refused> bad = store.applyRefusingBadDocuments(toApply);
        toApply.forEach(refusedVersions::stored);
        for (VectorStoreWriter.Refused document : bad) {
            SQLException reason = document.reason();
            refused.add(refusal(document.document(), "the database refused it (SQLSTATE " + reason.getSQLState()
                    + "): " + reason.getMessage()));
            refusedVersions.refused(document.document());
        }
        for (RefusedDocuments.Refusal refusal : refused) {
            refusals.send(refusal);
            refusedCount.inc();
        }
    }

    private static RefusedDocuments.Refusal refusal(PendingWrites.Pending document, String reason) {
        long version = document.upsert() == null ? DocumentWrite.NO_BASIS : document.upsert().version();
        return new RefusedDocuments.Refusal(document.ref(), version, document.origins(), reason);
    }

    @Override
    public void close() throws Exception {
        try (RefusedDocuments.Channel toClose = refusals) {
            store.close();
        }
    }

    private static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}

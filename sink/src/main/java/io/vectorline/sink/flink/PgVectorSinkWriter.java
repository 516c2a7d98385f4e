package io.vectorline.sink.flink;

import io.vectorline.sink.DocumentRef;
import io.vectorline.sink.DocumentWrite;
import io.vectorline.sink.PendingWrites;
import io.vectorline.sink.RefusedWrites;
import io.vectorline.sink.StoreLayout;
import io.vectorline.sink.StoreSchema;
import io.vectorline.sink.VectorStoreWriter;
import java.io.IOException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.metrics.Counter;
import org.apache.flink.api.connector.sink2.SinkWriter;

/**
 * Buffers writes and applies them in one transaction when the buffer is full, when its oldest
 * write reaches the age limit (a processing-time timer on the task's mailbox thread, so no locks),
 * and on every {@link #flush} (before each checkpoint and at end of input). A failed flush fails
 * the checkpoint instead of acknowledging data that is not stored.
 *
 * <p>With a {@link RefusedDocuments} channel, a data error (never retried) refuses only what
 * causes it: the flush is split until each refused document stands alone, a refused document
 * folded from several writes is applied write by write, and only the writes the database refuses
 * go to the channel with the reason; the rest lands. A later version that keeps chunks of a
 * refused write is applied folded over it ({@link RefusedWrites}). A flush whose documents are all
 * refused fails instead: that is the table's fault. Without a channel, a data error fails the flush.
 */
final class PgVectorSinkWriter implements SinkWriter<DocumentWrite> {
    /** A flush of at least this many documents, all refused, fails instead: the fault is the table's. */
    static final int ALL_REFUSED_IS_NOT_THE_DATA = 10;

    private final PgVectorSinkOptions options;
    private final ProcessingTimeService timers;
    private final VectorStoreWriter store;
    private final RefusedDocuments.Channel refusals;
    private final Counter refusedCount;
    private final PendingWrites pending = new PendingWrites();
    private final RefusedWrites refusedWrites = new RefusedWrites();
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
        refusedWrites.checkpointFlushed();
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
        List<PendingWrites.Pending> toApply = pending.documents().stream().map(refusedWrites::resolve).toList();
        List<VectorStoreWriter.Refused> bad = store.applyRefusingBadDocuments(toApply);
        if (bad.size() == toApply.size() && toApply.size() >= ALL_REFUSED_IS_NOT_THE_DATA) {
            SQLException first = bad.get(0).reason();
            throw new SQLException("the database refused every one of the " + bad.size() + " documents of this"
                    + " flush, which points at the table rather than the documents: " + first.getMessage(),
                    first.getSQLState(), first);
        }
        Set<DocumentRef> refused = bad.stream().map(document -> document.document().ref()).collect(Collectors.toSet());
        toApply.stream().filter(document -> !refused.contains(document.ref())).forEach(refusedWrites::stored);
        for (VectorStoreWriter.Refused document : bad) {
            if (document.document().writes().size() > 1) {
                applyWriteByWrite(document.document());
            } else {
                refuse(document.document(), document.reason());
            }
        }
    }

    /** A refused document folded from several writes: applies them in order, refusing only the bad ones. */
    private void applyWriteByWrite(PendingWrites.Pending folded) throws SQLException, IOException {
        for (DocumentWrite write : folded.writes()) {
            PendingWrites.Pending single = refusedWrites.resolve(PendingWrites.Pending.of(write));
            List<VectorStoreWriter.Refused> bad = store.applyRefusingBadDocuments(List.of(single));
            if (bad.isEmpty()) {
                refusedWrites.stored(single);
            } else {
                refuse(single, bad.get(0).reason());
            }
        }
    }

    private void refuse(PendingWrites.Pending document, SQLException reason) throws IOException {
        refusedWrites.refused(document);
        refusals.send(new RefusedDocuments.Refusal(document.ref(), document.origins(),
                "the database refused it (SQLSTATE " + reason.getSQLState() + "): " + reason.getMessage()));
        refusedCount.inc();
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

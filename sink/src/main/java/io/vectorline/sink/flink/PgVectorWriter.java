package io.vectorline.sink.flink;

import io.vectorline.sink.DocumentRef;
import io.vectorline.sink.DocumentWrite;
import io.vectorline.sink.PendingWrites;
import io.vectorline.sink.PgConnections;
import io.vectorline.sink.RefusedWrites;
import io.vectorline.sink.StoreLayout;
import io.vectorline.sink.StoreSchema;
import io.vectorline.sink.VectorStoreWriter;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers writes and applies them in one transaction when the buffer is full, when its oldest
 * write reaches the age limit (a processing-time timer on the task's mailbox thread, so no locks),
 * before every checkpoint barrier and at end of input. A failed flush fails the checkpoint instead
 * of acknowledging data that is not stored; a database outage is waited out in the flush, holding
 * the input back.
 *
 * <p>A data error (never retried) refuses only what causes it: the flush is split until each
 * refused document stands alone, a refused document folded from several writes is applied write by
 * write, and only the writes the database refuses are emitted with the reason; the rest lands. A
 * later version that keeps chunks of a refused write is applied folded over it
 * ({@link RefusedWrites}). A flush whose documents are all refused fails instead: that is the
 * table's fault.
 */
final class PgVectorWriter extends AbstractStreamOperator<RefusedDocument>
        implements OneInputStreamOperator<DocumentWrite, RefusedDocument>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PgVectorWriter.class);
    /** A flush of at least this many documents, all refused, fails instead: the fault is the table's. */
    static final int ALL_REFUSED_IS_NOT_THE_DATA = 10;

    private final PgVectorSinkOptions options;

    private transient VectorStoreWriter store;
    private transient PendingWrites pending;
    private transient RefusedWrites refusedWrites;
    private transient Counter refusedCount;
    private transient long flushGeneration;
    private transient StoreProgress progress;

    PgVectorWriter(PgVectorSinkOptions options) {
        this.options = options;
    }

    @Override
    public void open() throws Exception {
        super.open();
        StoreLayout layout;
        try {
            layout = StoreSchema.bootstrap(options.jdbcUrl(), options.store());
        } catch (SQLException | RuntimeException e) {
            throw new IOException("cannot open the vector store at " + PgConnections.redact(options.jdbcUrl())
                    + ": " + e.getMessage(), e);
        }
        store = new VectorStoreWriter(() -> PgConnections.open(options.jdbcUrl()), options.retry(), layout);
        pending = new PendingWrites();
        refusedWrites = new RefusedWrites();
        refusedCount = getMetricGroup().counter("refusedDocuments");
        progress = new StoreProgress(getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
        int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
        if (attempt > 0) {
            LOG.warn("{} restarted after a failure (attempt {}): replaying from the last completed checkpoint",
                    getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks(), attempt);
        }
        LOG.info("pgvector writer {} open: {} layout, flush at {} documents, {} chunks or {}; outages waited out"
                + " for up to {}", getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks(), layout,
                options.maxBufferedDocuments(), options.maxBufferedChunks(), options.maxBufferAge(),
                options.retry().outageBudget());
    }

    @Override
    public void processElement(StreamRecord<DocumentWrite> element) throws IOException {
        if (pending.isEmpty()) {
            scheduleAgeFlush();
        }
        pending.add(element.getValue());
        if (pending.documentCount() >= options.maxBufferedDocuments()
                || pending.chunkCount() >= options.maxBufferedChunks()) {
            flushPending();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flushPending();
        refusedWrites.checkpointFlushed();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws IOException {
        flushPending();
    }

    private void scheduleAgeFlush() {
        long generation = flushGeneration;
        long due = getProcessingTimeService().getCurrentProcessingTime() + options.maxBufferAge().toMillis();
        getProcessingTimeService().registerTimer(due, time -> {
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
            applyRefusingBadDocuments();
        } catch (SQLException e) {
            throw new IOException("flush of " + pending.documentCount() + " documents (" + pending.chunkCount()
                    + " chunks) failed: " + e.getMessage(), e);
        }
        progress.flushed(pending.documentCount(), pending.chunkCount());
        pending.clear();
    }

    private void applyRefusingBadDocuments() throws SQLException {
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
    private void applyWriteByWrite(PendingWrites.Pending folded) throws SQLException {
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

    private void refuse(PendingWrites.Pending document, SQLException reason) {
        refusedWrites.refused(document);
        output.collect(new StreamRecord<>(new RefusedDocument(document.ref(), document.origins(),
                "the database refused it (SQLSTATE " + reason.getSQLState() + "): " + reason.getMessage())));
        refusedCount.inc();
        progress.refused();
    }

    @Override
    public void close() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            super.close();
        }
    }
}

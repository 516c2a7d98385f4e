package io.vectorline.sink.internal;

import io.vectorline.model.DocumentWrite;
import io.vectorline.sink.PgVectorSinkOptions;
import io.vectorline.sink.RefusedDocument;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.PgConnections;
import java.io.IOException;
import java.sql.SQLException;
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
 * the input back. Documents the database refuses ({@link RefusalPolicy}) are emitted with the
 * reason; the rest lands.
 */
public final class PgVectorWriter extends AbstractStreamOperator<RefusedDocument>
        implements OneInputStreamOperator<DocumentWrite, RefusedDocument>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(PgVectorWriter.class);

    private final PgVectorSinkOptions options;

    private transient VectorStoreWriter store;
    private transient RefusalPolicy refusals;
    private transient PendingWrites pending;
    private transient Counter refusedCount;
    private transient long flushGeneration;
    private transient StoreProgress progress;

    public PgVectorWriter(PgVectorSinkOptions options) {
        this.options = options;
    }

    @Override
    public void open() throws Exception {
        super.open();
        StoreLayout layout;
        try {
            layout = StoreSchema.verify(options.jdbcUrl(), options.store());
        } catch (SQLException | RuntimeException e) {
            throw new IOException("cannot open the vector store at " + PgConnections.redact(options.jdbcUrl())
                    + ": " + e.getMessage(), e);
        }
        store = new VectorStoreWriter(ConnectionFactory.of(options.jdbcUrl()), options.retry(), layout,
                options.tables(), true);
        refusals = new RefusalPolicy(store);
        pending = new PendingWrites();
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
        refusals.checkpointFlushed();
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
        for (Refusal refusal : refusals.apply(pending.documents())) {
            PendingWrites.Pending document = refusal.document();
            SQLException reason = refusal.reason();
            output.collect(new StreamRecord<>(new RefusedDocument(document.ref(), document.origins(),
                    "the database refused it (SQLSTATE " + reason.getSQLState() + "): " + reason.getMessage())));
            refusedCount.inc();
            progress.refused();
        }
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

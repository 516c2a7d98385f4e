package io.vectorline.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Applies a flush of {@link PendingWrites} in one transaction: binary COPY into two staging
 * tables, then the set-based merge of the store's layout ({@link FlushStatements}). A failure rolls everything back, so a retry or a replay from
 * the last checkpoint lands the whole flush or nothing; replaying a flush changes nothing.
 * Transient failures are waited out on a new connection ({@link TransientRetry}); others fail at
 * once. While flushes hold only new documents (a first load), they skip
 * staging and COPY straight into the tables.
 */
public final class VectorStoreWriter implements AutoCloseable {
    /** Opens connections to the store; called again after a connection is lost. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String APPEND_DOCUMENTS = "COPY documents (tenant_id, doc_id, version, title, metadata,"
            + " source_uri, event_time, chunk_count, content_hash) FROM STDIN (FORMAT binary)";
    private static final String APPEND_CHUNKS = "COPY chunks (tenant_id, doc_id, chunk_no, version, model_id,"
            + " content, content_hash, embedding) FROM STDIN (FORMAT binary)";
    private static final String UNIQUE_VIOLATION = "23505";

    private final ConnectionFactory connections;
    private final TransientRetry retry;
    private final FlushStatements statements;
    private Connection connection;
    /** Whether flushes so far found their documents new; the first one that did not turns this off. */
    private boolean appendWorks;
    private long appendedFlushes;
    private long mergedFlushes;

    public VectorStoreWriter(ConnectionFactory connections, RetryPolicy retry, StoreLayout layout) {
        this(connections, retry, layout, true);
    }

    /** {@code appendWhenNew}: whether flushes of new documents may skip staging (true by default). */
    public VectorStoreWriter(ConnectionFactory connections, RetryPolicy retry, StoreLayout layout,
            boolean appendWhenNew) {
        this.connections = connections;
        this.retry = new TransientRetry(retry);
        this.statements = FlushStatements.of(layout);
        this.appendWorks = appendWhenNew;
    }

    /** A document the database refused: a data error that belongs to it alone. */
    public record Refused(PendingWrites.Pending document, SQLException reason) {}

    /**
     * Applies the writes as {@link #apply} does, except that a data error does not fail the
     * others: the flush is split in halves, each applied atomically, until every document the
     * database refuses stands alone. Returns those; all the others are stored.
     */
    public List<Refused> applyRefusingBadDocuments(List<PendingWrites.Pending> documents) throws SQLException {
        try {
            apply(documents);
            return List.of();
        } catch (SQLException e) {
            if (SqlFailure.classify(e) != SqlFailure.DATA) {
                throw e;
            }
            if (documents.size() == 1) {
                // the database's own error, not the wrapper that counts attempts
                SQLException reason = e.getCause() instanceof SQLException database ? database : e;
                return List.of(new Refused(documents.get(0), reason));
            }
            int half = documents.size() / 2;
            List<Refused> refused = new ArrayList<>(applyRefusingBadDocuments(documents.subList(0, half)));
            refused.addAll(applyRefusingBadDocuments(documents.subList(half, documents.size())));
            return refused;
        }
    }

    /** Applies all pending writes atomically, waiting out transient failures. */
    public void apply(Collection<PendingWrites.Pending> documents) throws SQLException {
        if (documents.isEmpty()) {
            return;
        }
        try {
            retry.run("applying " + documents.size() + " documents", () -> {
                applyOnce(documents);
                return null;
            }, (failure, kind) -> {
                if (kind == SqlFailure.TRANSIENT) {
                    closeConnectionKeeping(failure);
                } else {
                    rollbackKeeping(failure);
                }
            });
        } catch (RuntimeException e) {
            rollbackKeeping(e);
            throw e;
        }
    }

    private void applyOnce(Collection<PendingWrites.Pending> documents) throws SQLException {
        Connection current = connection();
        if (appendWorks && documents.stream().allMatch(p -> !p.deleteFirst() && p.upsert() != null
                && p.upsert().standsAlone())) {
            if (tryAppend(current, documents)) {
                current.commit();
                appendedFlushes++;
                return;
            }
            appendWorks = false;
        }
        merge(current, statements, documents);
        current.commit();
        mergedFlushes++;
    }

    /** Flushes committed by COPY straight into the tables. */
    public long appendedFlushes() {
        return appendedFlushes;
    }

    /** Flushes committed through staging and merge. */
    public long mergedFlushes() {
        return mergedFlushes;
    }

    /**
     * The append path for first loads: COPY straight into the tables, skipping staging and merge.
     * A document that already exists violates a primary key; then the attempt is rolled back to
     * its savepoint and the caller merges instead.
     */
    private static boolean tryAppend(Connection current, Collection<PendingWrites.Pending> documents)
            throws SQLException {
        Savepoint beforeAppend = current.setSavepoint();
        try {
            copy(current, APPEND_DOCUMENTS, documents, VectorStoreWriter::writeAppendedDocumentRows);
            copy(current, APPEND_CHUNKS, documents, VectorStoreWriter::writeChunkRows);
            current.releaseSavepoint(beforeAppend);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            current.rollback(beforeAppend);
            return false;
        }
    }

    /** Stages and merges in the connection's open transaction; does not commit. */
    static void merge(Connection current, FlushStatements statements, Collection<PendingWrites.Pending> documents)
            throws SQLException {
        try (Statement statement = current.createStatement()) {
            for (String sql : statements.beforeCopy()) {
                statement.execute(sql);
            }
            copy(current, statements.copyDocuments(), documents, VectorStoreWriter::writeDocumentRows);
            copy(current, statements.copyChunks(), documents, VectorStoreWriter::writeChunkRows);
            for (String sql : statements.merge()) {
                statement.execute(sql);
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = connections.open();
            try {
                opened.setAutoCommit(false);
                try (Statement statement = opened.createStatement()) {
                    for (String sql : statements.onConnect()) {
                        statement.execute(sql);
                    }
                }
                opened.commit();
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    private interface RowWriter {
        void write(BinaryCopyWriter rows, Collection<PendingWrites.Pending> documents) throws IOException;
    }

    private static void copy(Connection connection, String sql, Collection<PendingWrites.Pending> documents,
            RowWriter rowWriter) throws SQLException {
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            // Never close() this stream: closing ends the COPY, which must only happen on success.
            PGCopyOutputStream stream = new PGCopyOutputStream(copyIn, 1 << 16);
            BinaryCopyWriter rows = new BinaryCopyWriter(stream);
            rowWriter.write(rows, documents);
            rows.finish();
            stream.endCopy();
        } catch (IOException e) {
            throw new SQLException("COPY into staging failed: " + e.getMessage(), e);
        } finally {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }

    private static void writeDocumentRows(BinaryCopyWriter rows, Collection<PendingWrites.Pending> documents)
            throws IOException {
        for (PendingWrites.Pending pending : documents) {
            DocumentWrite upsert = pending.upsert();
            rows.startRow(11);
            rows.text(pending.ref().tenantId());
            rows.text(pending.ref().docId());
            rows.bool(pending.deleteFirst());
            rows.bool(upsert != null);
            if (upsert == null) {
                for (int i = 0; i < 7; i++) {
                    rows.nullField();
                }
                continue;
            }
            writeDocumentFields(rows, upsert);
        }
    }

    private static void writeAppendedDocumentRows(BinaryCopyWriter rows, Collection<PendingWrites.Pending> documents)
            throws IOException {
        for (PendingWrites.Pending pending : documents) {
            rows.startRow(9);
            rows.text(pending.ref().tenantId());
            rows.text(pending.ref().docId());
            writeDocumentFields(rows, pending.upsert());
        }
    }

    /** The seven stored fields of a document, after its key. */
    private static void writeDocumentFields(BinaryCopyWriter rows, DocumentWrite upsert) throws IOException {
        rows.int8(upsert.version());
        rows.text(upsert.title());
        rows.jsonb(toJson(upsert));
        rows.text(upsert.sourceUri());
        rows.timestamptz(upsert.eventTime());
        rows.int4(upsert.chunkCount());
        rows.bytea(upsert.contentHash());
    }

    private static void writeChunkRows(BinaryCopyWriter rows, Collection<PendingWrites.Pending> documents)
            throws IOException {
        for (PendingWrites.Pending pending : documents) {
            DocumentWrite upsert = pending.upsert();
            if (upsert == null) {
                continue;
            }
            for (EmbeddedChunk chunk : upsert.chunks()) {
                rows.startRow(8);
                rows.text(upsert.tenantId());
                rows.text(upsert.docId());
                rows.int4(chunk.chunkNo());
                rows.int8(chunk.version());
                rows.text(upsert.modelId());
                rows.text(chunk.content());
                rows.bytea(chunk.contentHash());
                rows.vector(chunk.embedding());
            }
        }
    }

    private static String toJson(DocumentWrite upsert) {
        try {
            return JSON.writeValueAsString(upsert.metadata());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("metadata of " + upsert.ref() + " is not serialisable", e);
        }
    }

    private void rollbackKeeping(Exception failure) {
        try {
            if (connection != null) {
                connection.rollback();
            }
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
            closeConnectionKeeping(failure);
        }
    }

    /** Drops a connection that may be broken; the next attempt opens a new one. */
    private void closeConnectionKeeping(Exception failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException closeFailure) {
            failure.addSuppressed(closeFailure);
        } finally {
            connection = null;
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}

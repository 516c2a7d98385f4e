package io.vectorline.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * Applies a flush of {@link PendingWrites} in one transaction: binary COPY into two temporary
 * staging tables, then set-based statements that fill in reused vectors from the stored chunks
 * with the same content hash (before anything is deleted), delete, upsert with a version guard,
 * drop surplus chunks and upsert the changed chunks; unchanged stored chunks are not touched. A failure rolls everything back, so a retry or a replay from
 * the last checkpoint lands the whole flush or nothing; replaying a flush changes nothing.
 * Transient failures ({@link SqlFailure#TRANSIENT}) are retried on a new connection with
 * backoff; others fail at once. While flushes hold only new documents (a first load), they skip
 * staging and COPY straight into the tables.
 */
public final class VectorStoreWriter implements AutoCloseable {
    /** Opens connections to the store; called again after a connection is lost. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> CREATE_STAGING = List.of("""
            CREATE TEMP TABLE IF NOT EXISTS vl_stage_documents (
              tenant_id text, doc_id text, delete_first boolean, upsert boolean, version bigint, title text,
              metadata jsonb, source_uri text, event_time timestamptz, chunk_count int, content_hash bytea
            ) ON COMMIT DELETE ROWS""", """
            CREATE TEMP TABLE IF NOT EXISTS vl_stage_chunks (
              tenant_id text, doc_id text, chunk_no int, version bigint, model_id text, content text,
              content_hash bytea, embedding vector
            ) WITH (toast_tuple_target = 8160) ON COMMIT DELETE ROWS""", """
            CREATE TEMP TABLE IF NOT EXISTS vl_applied (
              tenant_id text, doc_id text, version bigint, chunk_count int
            ) ON COMMIT DELETE ROWS""");

    private static final String COPY_DOCUMENTS = "COPY vl_stage_documents (tenant_id, doc_id, delete_first, upsert,"
            + " version, title, metadata, source_uri, event_time, chunk_count, content_hash) FROM STDIN (FORMAT binary)";
    private static final String COPY_CHUNKS = "COPY vl_stage_chunks (tenant_id, doc_id, chunk_no, version, model_id,"
            + " content, content_hash, embedding) FROM STDIN (FORMAT binary)";
    private static final String APPEND_DOCUMENTS = "COPY documents (tenant_id, doc_id, version, title, metadata,"
            + " source_uri, event_time, chunk_count, content_hash) FROM STDIN (FORMAT binary)";
    private static final String APPEND_CHUNKS = "COPY chunks (tenant_id, doc_id, chunk_no, version, model_id,"
            + " content, content_hash, embedding) FROM STDIN (FORMAT binary)";
    private static final String UNIQUE_VIOLATION = "23505";

    private static final List<String> MERGE = List.of("""
            UPDATE vl_stage_chunks s SET embedding = c.embedding
            FROM chunks c
            WHERE s.embedding IS NULL
              AND c.tenant_id = s.tenant_id AND c.doc_id = s.doc_id AND c.content_hash = s.content_hash""", """
            DELETE FROM chunks c USING vl_stage_documents s
            WHERE s.delete_first AND c.tenant_id = s.tenant_id AND c.doc_id = s.doc_id""", """
            DELETE FROM documents d USING vl_stage_documents s
            WHERE s.delete_first AND d.tenant_id = s.tenant_id AND d.doc_id = s.doc_id""", """
            WITH applied AS (
              INSERT INTO documents AS d (tenant_id, doc_id, version, title, metadata, source_uri, event_time,
                                          chunk_count, content_hash, updated_at)
              SELECT tenant_id, doc_id, version, title, metadata, source_uri, event_time, chunk_count, content_hash,
                     now()
              FROM vl_stage_documents WHERE upsert
              ON CONFLICT (tenant_id, doc_id) DO UPDATE
              SET version = excluded.version, title = excluded.title, metadata = excluded.metadata,
                  source_uri = excluded.source_uri, event_time = excluded.event_time,
                  chunk_count = excluded.chunk_count, content_hash = excluded.content_hash,
                  updated_at = excluded.updated_at
              WHERE d.version < excluded.version
              RETURNING tenant_id, doc_id, version, chunk_count)
            INSERT INTO vl_applied SELECT tenant_id, doc_id, version, chunk_count FROM applied""", """
            DELETE FROM chunks c USING vl_applied a
            WHERE c.tenant_id = a.tenant_id AND c.doc_id = a.doc_id AND c.chunk_no >= a.chunk_count""", """
            INSERT INTO chunks AS c (tenant_id, doc_id, chunk_no, version, model_id, content, content_hash, embedding)
            SELECT s.tenant_id, s.doc_id, s.chunk_no, s.version, s.model_id, s.content, s.content_hash, s.embedding
            FROM vl_stage_chunks s
            JOIN vl_applied a ON a.tenant_id = s.tenant_id AND a.doc_id = s.doc_id AND a.version = s.version
            ON CONFLICT (tenant_id, doc_id, chunk_no) DO UPDATE
            SET version = excluded.version, model_id = excluded.model_id, content = excluded.content,
                content_hash = excluded.content_hash, embedding = excluded.embedding""");

    private final ConnectionFactory connections;
    private final RetryPolicy retry;
    private final RandomGenerator random = new SplittableRandom();
    private Connection connection;
    /** Whether flushes so far found their documents new; the first one that did not turns this off. */
    private boolean appendWorks;
    private long appendedFlushes;
    private long mergedFlushes;

    public VectorStoreWriter(ConnectionFactory connections, RetryPolicy retry) {
        this(connections, retry, true);
    }

    /** {@code appendWhenNew}: whether flushes of new documents may skip staging (true by default). */
    public VectorStoreWriter(ConnectionFactory connections, RetryPolicy retry, boolean appendWhenNew) {
        this.connections = connections;
        this.retry = retry;
        this.appendWorks = appendWhenNew;
    }

    /** The temporary staging tables a connection needs, as SQL, for tools that replay a flush. */
    public static List<String> stagingTableStatements() {
        return CREATE_STAGING;
    }

    /** What a flush runs after loading staging, in order, for tools that replay a flush. */
    public static List<String> mergeStatements() {
        return MERGE;
    }

    /** Applies all pending writes atomically, retrying transient failures. */
    public void apply(Collection<PendingWrites.Pending> documents) throws SQLException {
        if (documents.isEmpty()) {
            return;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                applyOnce(documents);
                return;
            } catch (RuntimeException e) {
                rollbackKeeping(e);
                throw e;
            } catch (SQLException e) {
                SqlFailure failure = SqlFailure.classify(e);
                if (failure == SqlFailure.TRANSIENT) {
                    closeConnectionKeeping(e);
                } else {
                    rollbackKeeping(e);
                }
                if (failure != SqlFailure.TRANSIENT || attempt >= retry.maxAttempts()) {
                    throw new SQLException("applying " + documents.size() + " documents failed (" + failure
                            + ", attempt " + attempt + " of " + retry.maxAttempts() + "): " + e.getMessage(),
                            e.getSQLState(), e);
                }
                pause(retry.backoff(attempt, random));
            }
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
        merge(current, documents);
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

    private static void merge(Connection current, Collection<PendingWrites.Pending> documents) throws SQLException {
        copy(current, COPY_DOCUMENTS, documents, VectorStoreWriter::writeDocumentRows);
        copy(current, COPY_CHUNKS, documents, VectorStoreWriter::writeChunkRows);
        try (Statement statement = current.createStatement()) {
            for (String sql : MERGE) {
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
                    for (String sql : CREATE_STAGING) {
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

    private static void pause(Duration backoff) throws SQLException {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry", e);
        }
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
                rows.int8(upsert.version());
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

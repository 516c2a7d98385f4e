package io.vectorline.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * The staging and merge of one flush for the Citus layout ({@link StoreLayout#CITUS}), for the
 * writer to use in place of its temporary tables there: same rules (deletes first, a
 * version-guarded upsert of documents, surplus chunks removed, chunks upserted), same COPY columns,
 * but every statement runs on the workers, shard by shard.
 *
 * <p>Why not the temporary tables: a coordinator's temporary table cannot be distributed, so each
 * statement joining it with {@code documents} or {@code chunks} makes Citus pull the staged rows
 * through the coordinator again (broadcast to every shard for the deletes, re-routed for
 * {@code INSERT ... SELECT}), and the modifying CTE that collects the applied documents runs as a
 * separate step whose rows come back to the coordinator. Here the staging tables
 * ({@code vectorline_staged_documents}, {@code vectorline_staged_chunks}, made by V6) are
 * distributed by {@code tenant_id} and co-located with {@code documents}: {@code COPY} routes each
 * staged row to its tenant's shard once, and every statement below is a co-located join that Citus
 * pushes down to the shards.
 *
 * <p>Staging tables are shared by all writers, but a flush only ever sees its own rows: it inserts
 * and deletes them within its own transaction, so no other transaction sees them committed (and a
 * rolled-back flush leaves nothing). The applied documents (upserted or inserted by this flush) are
 * recognised by {@code updated_at} equal to the flush's own timestamp, set once per transaction,
 * instead of a {@code RETURNING} list. Both statements of {@link #transactionStatements()} use
 * {@code SET LOCAL}, which Citus propagates to the workers.
 *
 * <p>Runs inside the caller's transaction and does not commit: the caller commits, or rolls back on
 * failure, exactly as with the one-node statements.
 */
public final class CitusStaging {
    static final String STAGED_DOCUMENTS = "vectorline_staged_documents";
    static final String STAGED_CHUNKS = "vectorline_staged_chunks";
    /** The transaction's timestamp as an ISO 8601 string, read the same by every node. */
    static final String FLUSH_AT = "current_setting('vectorline.flush_at')::timestamptz";

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> TRANSACTION = List.of(
            TransactionSettings.PROPAGATE,
            // server time, written as ISO 8601 in UTC so that any DateStyle reads it back the same
            """
            DO $$ BEGIN
              EXECUTE format('SET LOCAL vectorline.flush_at = %L',
                             to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
            END $$""");

    private static final String COPY_DOCUMENTS = "COPY " + STAGED_DOCUMENTS + " (tenant_id, doc_id, delete_first,"
            + " upsert, version, title, metadata, source_uri, event_time, chunk_count) FROM STDIN (FORMAT binary)";
    private static final String COPY_CHUNKS = "COPY " + STAGED_CHUNKS + " (tenant_id, doc_id, chunk_no, version,"
            + " model_id, content, content_hash, embedding) FROM STDIN (FORMAT binary)";

    private static final List<String> MERGE = List.of("""
            DELETE FROM chunks c USING vectorline_staged_documents s
            WHERE s.delete_first AND c.tenant_id = s.tenant_id AND c.doc_id = s.doc_id""", """
            DELETE FROM documents d USING vectorline_staged_documents s
            WHERE s.delete_first AND d.tenant_id = s.tenant_id AND d.doc_id = s.doc_id""", """
            INSERT INTO documents AS d (tenant_id, doc_id, version, title, metadata, source_uri, event_time,
                                        chunk_count, updated_at)
            SELECT s.tenant_id, s.doc_id, s.version, s.title, s.metadata, s.source_uri, s.event_time, s.chunk_count,
                   %1$s
            FROM vectorline_staged_documents s WHERE s.upsert
            ON CONFLICT (tenant_id, doc_id) DO UPDATE
            SET version = excluded.version, title = excluded.title, metadata = excluded.metadata,
                source_uri = excluded.source_uri, event_time = excluded.event_time,
                chunk_count = excluded.chunk_count, updated_at = excluded.updated_at
            WHERE d.version < excluded.version""".formatted(FLUSH_AT), """
            DELETE FROM chunks c USING vectorline_staged_documents s, documents d
            WHERE s.upsert AND d.tenant_id = s.tenant_id AND d.doc_id = s.doc_id AND d.version = s.version
              AND d.updated_at = %1$s
              AND c.tenant_id = s.tenant_id AND c.doc_id = s.doc_id AND c.chunk_no >= d.chunk_count"""
            .formatted(FLUSH_AT), """
            INSERT INTO chunks AS c (tenant_id, doc_id, chunk_no, version, model_id, content, content_hash, embedding)
            SELECT s.tenant_id, s.doc_id, s.chunk_no, s.version, s.model_id, s.content, s.content_hash, s.embedding
            FROM vectorline_staged_chunks s
            JOIN documents d ON d.tenant_id = s.tenant_id AND d.doc_id = s.doc_id AND d.version = s.version
                            AND d.updated_at = %1$s
            ON CONFLICT (tenant_id, doc_id, chunk_no) DO UPDATE
            SET version = excluded.version, model_id = excluded.model_id, content = excluded.content,
                content_hash = excluded.content_hash, embedding = excluded.embedding""".formatted(FLUSH_AT),
            "DELETE FROM " + STAGED_CHUNKS,
            "DELETE FROM " + STAGED_DOCUMENTS);

    private CitusStaging() {}

    /** What a flush runs first in its transaction, before the COPYs. */
    public static List<String> transactionStatements() {
        return TRANSACTION;
    }

    /** The COPY of the staged documents; columns as the writer's one-node staging COPY. */
    public static String copyDocumentsStatement() {
        return COPY_DOCUMENTS;
    }

    /** The COPY of the staged chunks; columns as the writer's one-node staging COPY. */
    public static String copyChunksStatement() {
        return COPY_CHUNKS;
    }

    /** What a flush runs after the COPYs, in order; the last two empty the staging tables again. */
    public static List<String> mergeStatements() {
        return MERGE;
    }

    /**
     * Stages and merges one flush in the connection's current transaction (auto-commit must be off);
     * does not commit.
     */
    public static void merge(Connection connection, Collection<PendingWrites.Pending> documents) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("a flush needs a transaction: turn auto-commit off first");
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : TRANSACTION) {
                statement.execute(sql);
            }
            copy(connection, COPY_DOCUMENTS, documents, CitusStaging::writeDocumentRows);
            copy(connection, COPY_CHUNKS, documents, CitusStaging::writeChunkRows);
            for (String sql : MERGE) {
                statement.execute(sql);
            }
        }
    }

    private interface RowWriter {
        void write(BinaryCopyWriter rows, Collection<PendingWrites.Pending> documents) throws IOException;
    }

    private static void copy(Connection connection, String sql, Collection<PendingWrites.Pending> documents,
            RowWriter rowWriter) throws SQLException {
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            // never close() this stream: closing ends the COPY, which must only happen on success
            PGCopyOutputStream stream = new PGCopyOutputStream(copyIn, 1 << 16);
            BinaryCopyWriter rows = new BinaryCopyWriter(stream);
            rowWriter.write(rows, documents);
            rows.finish();
            stream.endCopy();
        } catch (IOException e) {
            throw new SQLException("COPY into Citus staging failed: " + e.getMessage(), e);
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
            rows.startRow(10);
            rows.text(pending.ref().tenantId());
            rows.text(pending.ref().docId());
            rows.bool(pending.deleteFirst());
            rows.bool(upsert != null);
            if (upsert == null) {
                for (int i = 0; i < 6; i++) {
                    rows.nullField();
                }
                continue;
            }
            rows.int8(upsert.version());
            rows.text(upsert.title());
            rows.jsonb(toJson(upsert));
            rows.text(upsert.sourceUri());
            rows.timestamptz(upsert.eventTime());
            rows.int4(upsert.chunks().size());
        }
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
}

package io.vectorline.sink;

import java.util.List;

/**
 * The SQL of a flush in one {@link StoreLayout}: what a connection runs once, what a transaction
 * runs before its COPYs into staging, the two COPYs, and the set-based merge after them. Both
 * layouts keep the same rules: reused vectors are filled in from the stored chunks with the same
 * content hash before anything is deleted; deletes come first; documents are upserted with a
 * version guard; surplus chunks go; changed chunks are upserted; unchanged ones are not touched.
 *
 * @param onConnect run once per connection, committed
 * @param beforeCopy run at the start of each flush's transaction
 * @param copyDocuments binary COPY of the staged documents
 * @param copyChunks binary COPY of the staged chunks
 * @param merge run after the COPYs, in order
 */
public record FlushStatements(
        List<String> onConnect, List<String> beforeCopy, String copyDocuments, String copyChunks,
        List<String> merge) {

    private static final String DOCUMENT_COLUMNS = "(tenant_id, doc_id, delete_first, upsert, version, title,"
            + " metadata, source_uri, event_time, chunk_count, content_hash)";
    private static final String CHUNK_COLUMNS =
            "(tenant_id, doc_id, chunk_no, version, model_id, content, content_hash, embedding)";

    private static final String UPSERT_CHUNK = """
            ON CONFLICT (tenant_id, doc_id, chunk_no) DO UPDATE
            SET version = excluded.version, model_id = excluded.model_id, content = excluded.content,
                content_hash = excluded.content_hash, embedding = excluded.embedding""";

    /** The transaction's timestamp as ISO 8601, read the same by every Citus node. */
    private static final String FLUSH_AT = "current_setting('vectorline.flush_at')::timestamptz";

    /**
     * One node: temporary staging tables, emptied at commit; a data-modifying CTE collects the
     * documents this flush applied, so chunks are written only for them.
     */
    public static final FlushStatements ONE_NODE = new FlushStatements(
            List.of("""
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
                    ) ON COMMIT DELETE ROWS"""),
            List.of(),
            "COPY vl_stage_documents " + DOCUMENT_COLUMNS + " FROM STDIN (FORMAT binary)",
            "COPY vl_stage_chunks " + CHUNK_COLUMNS + " FROM STDIN (FORMAT binary)",
            List.of(reuseVectors("vl_stage_chunks"), deleteFirst("chunks", "vl_stage_documents"),
                    deleteFirst("documents", "vl_stage_documents"), """
                    WITH applied AS (
                      INSERT INTO documents AS d (tenant_id, doc_id, version, title, metadata, source_uri, event_time,
                                                  chunk_count, content_hash, updated_at)
                      SELECT tenant_id, doc_id, version, title, metadata, source_uri, event_time, chunk_count,
                             content_hash, now()
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
                    INSERT INTO chunks AS c (tenant_id, doc_id, chunk_no, version, model_id, content, content_hash,
                                             embedding)
                    SELECT s.tenant_id, s.doc_id, s.chunk_no, s.version, s.model_id, s.content, s.content_hash,
                           s.embedding
                    FROM vl_stage_chunks s
                    JOIN vl_applied a ON a.tenant_id = s.tenant_id AND a.doc_id = s.doc_id
                    """ + UPSERT_CHUNK));

    /**
     * Citus: staging tables distributed by {@code tenant_id} and co-located with the data (made by
     * V6), so COPY routes each staged row to its tenant's shard once and every statement is a
     * co-located join pushed down to the workers; a coordinator's temporary table would send every
     * row through the coordinator again. A flush inserts and deletes its staged rows in its own
     * transaction, so concurrent writers never see each other's. Applied documents are those whose
     * {@code updated_at} is this flush's timestamp (set with {@code SET LOCAL}, which Citus
     * propagates), instead of a {@code RETURNING} list that would come back through the coordinator.
     */
    public static final FlushStatements CITUS = new FlushStatements(
            List.of(),
            List.of(TransactionSettings.PROPAGATE, """
                    DO $$ BEGIN
                      EXECUTE format('SET LOCAL vectorline.flush_at = %L',
                                     to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
                    END $$"""),
            "COPY vectorline_staged_documents " + DOCUMENT_COLUMNS + " FROM STDIN (FORMAT binary)",
            "COPY vectorline_staged_chunks " + CHUNK_COLUMNS + " FROM STDIN (FORMAT binary)",
            List.of(reuseVectors("vectorline_staged_chunks"), deleteFirst("chunks", "vectorline_staged_documents"),
                    deleteFirst("documents", "vectorline_staged_documents"), """
                    INSERT INTO documents AS d (tenant_id, doc_id, version, title, metadata, source_uri, event_time,
                                                chunk_count, content_hash, updated_at)
                    SELECT s.tenant_id, s.doc_id, s.version, s.title, s.metadata, s.source_uri, s.event_time,
                           s.chunk_count, s.content_hash, %1$s
                    FROM vectorline_staged_documents s WHERE s.upsert
                    ON CONFLICT (tenant_id, doc_id) DO UPDATE
                    SET version = excluded.version, title = excluded.title, metadata = excluded.metadata,
                        source_uri = excluded.source_uri, event_time = excluded.event_time,
                        chunk_count = excluded.chunk_count, content_hash = excluded.content_hash,
                        updated_at = excluded.updated_at
                    WHERE d.version < excluded.version""".formatted(FLUSH_AT), """
                    DELETE FROM chunks c USING vectorline_staged_documents s, documents d
                    WHERE s.upsert AND d.tenant_id = s.tenant_id AND d.doc_id = s.doc_id AND d.version = s.version
                      AND d.updated_at = %1$s
                      AND c.tenant_id = s.tenant_id AND c.doc_id = s.doc_id AND c.chunk_no >= d.chunk_count"""
                    .formatted(FLUSH_AT), """
                    INSERT INTO chunks AS c (tenant_id, doc_id, chunk_no, version, model_id, content, content_hash,
                                             embedding)
                    SELECT s.tenant_id, s.doc_id, s.chunk_no, s.version, s.model_id, s.content, s.content_hash,
                           s.embedding
                    FROM vectorline_staged_chunks s
                    JOIN documents d ON d.tenant_id = s.tenant_id AND d.doc_id = s.doc_id AND d.updated_at = %1$s
                    """.formatted(FLUSH_AT) + UPSERT_CHUNK,
                    "DELETE FROM vectorline_staged_chunks",
                    "DELETE FROM vectorline_staged_documents"));

    public static FlushStatements of(StoreLayout layout) {
        return layout == StoreLayout.CITUS ? CITUS : ONE_NODE;
    }

    /** Fills in reused vectors (staged as NULL) before any statement could delete their source. */
    private static String reuseVectors(String stagedChunks) {
        return """
                UPDATE %s s SET embedding = c.embedding
                FROM chunks c
                WHERE s.embedding IS NULL
                  AND c.tenant_id = s.tenant_id AND c.doc_id = s.doc_id AND c.content_hash = s.content_hash"""
                .formatted(stagedChunks);
    }

    private static String deleteFirst(String table, String stagedDocuments) {
        return """
                DELETE FROM %s t USING %s s
                WHERE s.delete_first AND t.tenant_id = s.tenant_id AND t.doc_id = s.doc_id"""
                .formatted(table, stagedDocuments);
    }
}

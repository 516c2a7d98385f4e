package io.vectorline.store;

import static io.vectorline.store.StoreRows.CHUNK;
import static io.vectorline.store.StoreRows.DOCUMENT;
import static io.vectorline.store.StoreRows.STAGED_DOCUMENT;

import io.vectorline.store.jdbc.SqlLiteral;
import io.vectorline.store.jdbc.TransactionSettings;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The SQL of a flush into one set of {@link StoreTables} in one {@link StoreLayout}: what a
 * connection runs once, what a transaction runs before its COPYs into staging, the COPYs, and the
 * set-based merge after them. Both layouts keep the same rules: reused vectors are filled in from
 * the stored chunks with the same content hash before anything is deleted; deletes come first,
 * each remembering the version it deleted; documents are upserted with a version guard, over
 * stored and deleted versions; surplus chunks go; changed chunks are upserted;
 * unchanged ones are not touched. On Citus every statement also names the flush's tenants
 * ({@link #forTenants}), so Citus prunes it to their shards: a flush locks only those, and flushes
 * of tenants on other shards run beside it.
 *
 * @param onConnect run once per connection, committed
 * @param beforeCopy run at the start of each flush's transaction
 * @param copyStagedDocuments binary COPY of {@link StoreRows#STAGED_DOCUMENT} rows
 * @param copyStagedChunks binary COPY of {@link StoreRows#CHUNK} rows
 * @param merge run after the COPYs, in order
 * @param appendDocuments binary COPY of {@link StoreRows#DOCUMENT} rows straight into the table
 * @param appendChunks binary COPY of {@link StoreRows#CHUNK} rows straight into the table
 */
public record FlushStatements(
        List<String> onConnect, List<String> beforeCopy, String copyStagedDocuments, String copyStagedChunks,
        List<String> merge, String appendDocuments, String appendChunks) {

    /** The transaction's timestamp as ISO 8601, read the same by every Citus node. */
    private static final String FLUSH_AT = "current_setting('vectorline.flush_at')::timestamptz";
    private static final String SET_FLUSH_AT = """
            DO $$ BEGIN
              EXECUTE format('SET LOCAL vectorline.flush_at = %L',
                             to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
            END $$""";

    /** Where a statement names the flush's tenants; replaced by {@link #forTenants}. */
    private static final String TENANTS = "/*tenants*/";

    public static FlushStatements of(StoreLayout layout, StoreTables tables) {
        return layout == StoreLayout.CITUS ? citus(tables) : oneNode(tables);
    }

    /**
     * One node: temporary staging tables; a data-modifying CTE collects the documents this flush
     * applied, so chunks are written only for them.
     */
    private static FlushStatements oneNode(StoreTables tables) {
        String documents = StagingTables.ONE_NODE_DOCUMENTS;
        String chunks = StagingTables.ONE_NODE_CHUNKS;
        String applied = StagingTables.ONE_NODE_APPLIED;
        return new FlushStatements(StagingTables.oneNodeDdl(), List.of(), STAGED_DOCUMENT.copyInto(documents),
                CHUNK.copyInto(chunks), List.of(
                        reuseVectors(tables, chunks, ""),
                        recordDeletions(tables, documents, "now()", ""),
                        deleteChunksOfDeleted(tables, documents, ""),
                        deleteDocuments(tables, documents, ""),
                        "WITH applied AS (" + upsertDocuments(tables, documents, "now()", "")
                                + "\nRETURNING tenant_id, doc_id, version, chunk_count)\nINSERT INTO " + applied
                                + " SELECT tenant_id, doc_id, version, chunk_count FROM applied",
                        """
                        DELETE FROM %s c USING %s a
                        WHERE c.tenant_id = a.tenant_id AND c.doc_id = a.doc_id AND c.chunk_no >= a.chunk_count"""
                                .formatted(tables.chunks(), applied),
                        upsertChunks(tables, chunks, "JOIN " + applied
                                + " a ON a.tenant_id = s.tenant_id AND a.doc_id = s.doc_id", "")),
                DOCUMENT.copyInto(tables.documents()), CHUNK.copyInto(tables.chunks()));
    }

    /**
     * Citus: distributed staging tables ({@link StagingTables}); every statement is a co-located
     * join pushed down to the workers. A flush inserts and deletes its staged rows in its own
     * transaction, so concurrent writers never see each other's. Applied documents are those whose
     * {@code updated_at} is this flush's timestamp (set with {@code SET LOCAL}, which Citus
     * propagates), instead of a {@code RETURNING} list that would come back through the coordinator.
     */
    private static FlushStatements citus(StoreTables tables) {
        String documents = StagingTables.CITUS_DOCUMENTS;
        String chunks = StagingTables.CITUS_CHUNKS;
        return new FlushStatements(List.of(), List.of(TransactionSettings.PROPAGATE, SET_FLUSH_AT),
                STAGED_DOCUMENT.copyInto(documents), CHUNK.copyInto(chunks), List.of(
                        reuseVectors(tables, chunks, tenants("s", "c")),
                        recordDeletions(tables, documents, FLUSH_AT, tenants("s")),
                        deleteChunksOfDeleted(tables, documents, tenants("s", "t", "c")),
                        deleteDocuments(tables, documents, tenants("s", "t")),
                        upsertDocuments(tables, documents, FLUSH_AT, tenants("s")),
                        """
                        DELETE FROM %1$s c USING %2$s s, %3$s d
                        WHERE s.upsert AND d.tenant_id = s.tenant_id AND d.doc_id = s.doc_id AND d.version = s.version
                          AND d.updated_at = %4$s
                          AND c.tenant_id = s.tenant_id AND c.doc_id = s.doc_id AND c.chunk_no >= d.chunk_count%5$s"""
                                .formatted(tables.chunks(), documents, tables.documents(), FLUSH_AT,
                                        tenants("s", "d", "c")),
                        upsertChunks(tables, chunks, "JOIN " + tables.documents()
                                + " d ON d.tenant_id = s.tenant_id AND d.doc_id = s.doc_id AND d.updated_at = "
                                + FLUSH_AT, "WHERE true" + tenants("s", "d")),
                        "DELETE FROM " + chunks + " s WHERE true" + tenants("s"),
                        "DELETE FROM " + documents + " s WHERE true" + tenants("s")),
                DOCUMENT.copyInto(tables.documents()), CHUNK.copyInto(tables.chunks()));
    }

    /** These statements for a flush of {@code documents}' tenants; the same ones where none names them (one node). */
    public FlushStatements forTenants(Collection<? extends StagedDocument> documents) {
        if (merge.stream().noneMatch(sql -> sql.contains(TENANTS))) {
            return this;
        }
        String list = documents.stream().map(document -> document.ref().tenantId()).distinct().sorted()
                .map(SqlLiteral::of).collect(Collectors.joining(", "));
        UnaryOperator<String> bind = sql -> sql.replace(TENANTS, list);
        return new FlushStatements(onConnect, beforeCopy.stream().map(bind).toList(), copyStagedDocuments,
                copyStagedChunks, merge.stream().map(bind).toList(), appendDocuments, appendChunks);
    }

    /** {@code AND a.tenant_id IN (the flush's tenants)} for each alias, for Citus to prune shards by. */
    private static String tenants(String... aliases) {
        StringBuilder filter = new StringBuilder();
        for (String alias : aliases) {
            filter.append(" AND ").append(alias).append(".tenant_id IN (").append(TENANTS).append(')');
        }
        return filter.toString();
    }

    /** Fills in reused vectors (staged as NULL) before any statement could delete their source. */
    private static String reuseVectors(StoreTables tables, String stagedChunks, String tenantFilter) {
        return """
                UPDATE %s s SET embedding = c.embedding
                FROM %s c
                WHERE s.embedding IS NULL
                  AND c.tenant_id = s.tenant_id AND c.doc_id = s.doc_id AND c.content_hash = s.content_hash%s"""
                .formatted(stagedChunks, tables.chunks(), tenantFilter);
    }

    /**
     * Whether staged deletion {@code s} removes stored version {@code t}: live, or replayed and
     * recorded after it (in the same millisecond the order is unknown, and the version stays).
     */
    private static final String REMOVES_STORED = """
            (s.delete_up_to IS NULL OR t.recorded_at IS NULL OR t.recorded_at < s.delete_up_to)""";
    private static final String DELETION_APPLIES =
            "s.delete_first AND t.tenant_id = s.tenant_id AND t.doc_id = s.doc_id AND " + REMOVES_STORED;

    /**
     * Remembers the version each deletion removes, before the document goes: the stored one, or the
     * one its writer knew (also when a version and its deletion fold into one flush, nothing stored).
     */
    private static String recordDeletions(StoreTables tables, String stagedDocuments, String deletedAt,
            String tenantFilter) {
        return """
                INSERT INTO %1$s AS x (tenant_id, doc_id, version, deleted_at)
                SELECT s.tenant_id, s.doc_id, greatest(t.version, s.deleted_version), %2$s
                FROM %3$s s LEFT JOIN %4$s t ON t.tenant_id = s.tenant_id AND t.doc_id = s.doc_id
                WHERE s.delete_first AND (t.version IS NOT NULL OR s.deleted_version IS NOT NULL)
                  AND %5$s%6$s
                ON CONFLICT (tenant_id, doc_id) DO UPDATE
                SET version = greatest(x.version, excluded.version), deleted_at = excluded.deleted_at"""
                .formatted(StoreTables.DELETIONS, deletedAt, stagedDocuments, tables.documents(), REMOVES_STORED,
                        tenantFilter);
    }

    private static String deleteChunksOfDeleted(StoreTables tables, String stagedDocuments, String tenantFilter) {
        return """
                DELETE FROM %s c USING %s s, %s t
                WHERE %s AND c.tenant_id = t.tenant_id AND c.doc_id = t.doc_id%s"""
                .formatted(tables.chunks(), stagedDocuments, tables.documents(), DELETION_APPLIES, tenantFilter);
    }

    private static String deleteDocuments(StoreTables tables, String stagedDocuments, String tenantFilter) {
        return """
                DELETE FROM %s t USING %s s
                WHERE %s%s""".formatted(tables.documents(), stagedDocuments, DELETION_APPLIES, tenantFilter);
    }

    /**
     * Upserts the staged documents stamped {@code updatedAt}, only newer than a deleted version and
     * only over older stored versions, or
     * over the same version cut again: same body, another content hash (other chunking settings
     * or model), as a backfill from the store writes it.
     */
    private static String upsertDocuments(StoreTables tables, String stagedDocuments, String updatedAt,
            String tenantFilter) {
        return """
                INSERT INTO %1$s AS d (%2$s, updated_at)
                SELECT %3$s, %4$s FROM %5$s s
                WHERE s.upsert%8$s
                  AND NOT EXISTS (SELECT 1 FROM %9$s x
                                  WHERE x.tenant_id = s.tenant_id AND x.doc_id = s.doc_id AND x.version >= s.version)
                ON CONFLICT (%6$s) DO UPDATE
                SET %7$s, updated_at = excluded.updated_at
                WHERE d.version < excluded.version
                   OR (d.version = excluded.version AND d.content_hash IS DISTINCT FROM excluded.content_hash
                       AND d.body = excluded.body)""".formatted(tables.documents(), DOCUMENT.names(),
                DOCUMENT.names("s."), updatedAt, stagedDocuments, DOCUMENT.keyNames(), DOCUMENT.assignExcluded(),
                tenantFilter, StoreTables.DELETIONS);
    }

    /** Upserts the staged chunks of the documents {@code appliedJoin} selects. */
    private static String upsertChunks(StoreTables tables, String stagedChunks, String appliedJoin, String where) {
        return """
                INSERT INTO %1$s AS c (%2$s)
                SELECT %3$s FROM %4$s s
                %5$s
                %8$s
                ON CONFLICT (%6$s) DO UPDATE
                SET %7$s""".formatted(tables.chunks(), CHUNK.names(), CHUNK.names("s."), stagedChunks, appliedJoin,
                CHUNK.keyNames(), CHUNK.assignExcluded(), where);
    }
}

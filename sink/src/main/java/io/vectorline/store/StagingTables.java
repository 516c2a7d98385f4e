package io.vectorline.store;

import java.util.List;

/**
 * Where a flush stages its rows before the merge, in the columns of {@link StoreRows}. One node:
 * temporary tables of the connection, emptied at commit. Citus: unlogged tables distributed by
 * {@code tenant_id} beside the data (made by migration V8 from {@link #citusDdl()}), so COPY routes
 * each staged row to its tenant's shard once and the merge joins co-located shards on the workers.
 * The staged embedding is an untyped {@code vector}, so one staging table serves every model.
 */
public final class StagingTables {
    public static final String ONE_NODE_DOCUMENTS = "vl_stage_documents";
    public static final String ONE_NODE_CHUNKS = "vl_stage_chunks";
    /** One node: the documents a flush applied, for its chunk statements. */
    static final String ONE_NODE_APPLIED = "vl_applied";
    static final String CITUS_DOCUMENTS = "vectorline_staged_documents";
    static final String CITUS_CHUNKS = "vectorline_staged_chunks";

    /** Keeps a staged chunk's vector inline, as {@code chunks} does (V4). */
    private static final String CHUNK_STORAGE = " WITH (toast_tuple_target = 8160)";

    private StagingTables() {}

    /** One node: the statements each connection runs once. */
    static List<String> oneNodeDdl() {
        return List.of(
                "CREATE TEMP TABLE IF NOT EXISTS " + ONE_NODE_DOCUMENTS + " ("
                        + StoreRows.STAGED_DOCUMENT.definitions() + ") ON COMMIT DELETE ROWS",
                "CREATE TEMP TABLE IF NOT EXISTS " + ONE_NODE_CHUNKS + " (" + StoreRows.CHUNK.definitions() + ")"
                        + CHUNK_STORAGE + " ON COMMIT DELETE ROWS",
                "CREATE TEMP TABLE IF NOT EXISTS " + ONE_NODE_APPLIED
                        + " (tenant_id text, doc_id text, version bigint, chunk_count int) ON COMMIT DELETE ROWS");
    }

    /** Citus: the staging tables, before they are distributed; their rows never outlive a transaction. */
    public static String citusDdl() {
        return "CREATE UNLOGGED TABLE IF NOT EXISTS " + CITUS_DOCUMENTS + " ("
                + StoreRows.STAGED_DOCUMENT.definitions() + ");\n"
                + "CREATE UNLOGGED TABLE IF NOT EXISTS " + CITUS_CHUNKS + " (" + StoreRows.CHUNK.definitions() + ")"
                + CHUNK_STORAGE + ";";
    }
}

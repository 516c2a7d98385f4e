package io.vectorline.store;

import com.pgvector.PGvector;
import io.vectorline.store.jdbc.SqlFailure;
import io.vectorline.store.jdbc.TransactionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant-scoped nearest-neighbour search over {@code chunks} by cosine distance. Each search sets
 * {@code app.tenant_id} for its own transaction ({@link TransactionSettings}), so it works for
 * reader roles under row-level security as well as for the owner, on one node and on Citus; the
 * explicit tenant filter keeps the plan on one partition (one node) or routes it to one shard
 * (Citus: row-level security alone would not prune shards).
 */
public final class ChunkSearch {
    private static final String TOP_K = """
            SELECT c.doc_id, c.chunk_no, d.title, c.content, c.embedding <=> ? AS distance
            FROM chunks c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.doc_id = c.doc_id
            WHERE c.tenant_id = ?
            ORDER BY c.embedding <=> ?
            LIMIT ?""";

    public static final int DEFAULT_EF_SEARCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(ChunkSearch.class);
    private static final int ATTEMPTS = 5;

    /**
     * Per transaction: the tenant for row-level security, the HNSW candidate list, and pgvector
     * 0.8's iterative scan, which keeps scanning the index until enough rows pass the tenant filter
     * (a partition or shard holds many tenants, so the nearest neighbours may belong to others). Set
     * with SET LOCAL so that on Citus they also apply on the worker that runs the search.
     */
    private static Map<String, String> settings(String tenantId, int efSearch) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(StoreSchema.TENANT_SETTING, tenantId);
        settings.put("hnsw.ef_search", Integer.toString(efSearch));
        settings.put("hnsw.iterative_scan", "relaxed_order");
        return settings;
    }

    /** One result, nearest first. */
    public record Hit(String docId, int chunkNo, String title, String content, double distance) {}

    private final Connection connection;
    private final int efSearch;

    public ChunkSearch(Connection connection) {
        this(connection, DEFAULT_EF_SEARCH);
    }

    /** {@code efSearch}: HNSW candidates per search, traded for recall (at least k is used). */
    public ChunkSearch(Connection connection, int efSearch) {
        if (efSearch < 1 || efSearch > 1000) {
            throw new IllegalArgumentException("ef_search must be in 1..1000, got " + efSearch);
        }
        this.connection = connection;
        this.efSearch = efSearch;
    }

    /**
     * The tenant's {@code k} nearest chunks. A search that Citus fails because a shard moved or
     * split under it (a tenant isolated or placed, a rebalance) is run again, a few times: the next
     * attempt is planned against the new placement.
     */
    public List<Hit> topK(String tenantId, float[] query, int k) throws SQLException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return searchOnce(tenantId, new PGvector(query), k);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !shardMoved(e)) {
                    throw e;
                }
                LOG.info("search of tenant {} retried (attempt {} of {}): {}", tenantId, attempt + 1, ATTEMPTS,
                        e.getMessage());
                pause(attempt);
            }
        }
    }

    /** A Citus error about placement, on a connection that still works. */
    private static boolean shardMoved(SQLException e) {
        return SqlFailure.classify(e) == SqlFailure.TRANSIENT && "XX000".equals(e.getSQLState());
    }

    private static void pause(int attempt) throws SQLException {
        try {
            Thread.sleep(50L * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted between search attempts", interrupted);
        }
    }

    private List<Hit> searchOnce(String tenantId, PGvector vector, int k) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement statement = connection.prepareStatement(TOP_K)) {
            TransactionSettings.apply(connection, settings(tenantId, Math.max(efSearch, k)));
            statement.setObject(1, vector);
            statement.setString(2, tenantId);
            statement.setObject(3, vector);
            statement.setInt(4, k);
            try (ResultSet rs = statement.executeQuery()) {
                List<Hit> hits = new ArrayList<>();
                while (rs.next()) {
                    hits.add(new Hit(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getDouble(5)));
                }
                return hits;
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }
}

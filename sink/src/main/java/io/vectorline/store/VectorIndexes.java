package io.vectorline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * HNSW indexes on {@code chunks.embedding}, one per partition: PostgreSQL cannot build an index
 * on a partitioned table concurrently, but it can build each partition's without blocking
 * writes. On Citus {@code chunks} is one distributed table: its index is created on every shard,
 * concurrently (Citus then builds the shards one after another, not in parallel). Load first and
 * build after: maintaining HNSW during a bulk load is far slower (docs/benchmarks.md).
 */
public final class VectorIndexes {
    private VectorIndexes() {}

    /**
     * HNSW build settings.
     *
     * @param m links per node (pgvector's default 16)
     * @param efConstruction candidate list size while building (pgvector's default 64)
     */
    public record HnswSettings(int m, int efConstruction) {
        public HnswSettings {
            if (m < 2 || m > 100) {
                throw new IllegalArgumentException("m must be in 2..100, got " + m);
            }
            if (efConstruction < 2 * m || efConstruction > 1000) {
                throw new IllegalArgumentException("ef_construction must be in 2m..1000, got " + efConstruction);
            }
        }

        public static HnswSettings defaults() {
            return new HnswSettings(16, 64);
        }
    }

    /**
     * Builds the index of every partition that has no valid one, concurrently; returns the indexes
     * that exist afterwards, one per partition. An index left invalid by a failed build is dropped
     * and built again. Existing indexes are looked up rather than left to {@code IF NOT EXISTS}:
     * that skips an invalid index for good, and on Citus 13.0 it was reported to invalidate an
     * existing valid one (citusdata/citus#8338).
     */
    public static List<String> build(Connection connection, HnswSettings settings) throws SQLException {
        List<String> built = new ArrayList<>();
        withAutoCommit(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                for (String partition : partitions(connection)) {
                    String index = indexName(partition);
                    Boolean valid = indexValid(connection, index);
                    if (Boolean.FALSE.equals(valid)) {
                        statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
                    }
                    if (!Boolean.TRUE.equals(valid)) {
                        statement.execute("CREATE INDEX CONCURRENTLY " + index + " ON " + partition
                                + " USING hnsw (embedding vector_cosine_ops) WITH (m = " + settings.m()
                                + ", ef_construction = " + settings.efConstruction() + ")");
                    }
                    built.add(index);
                }
            }
        });
        return built;
    }

    /** Whether the index is valid, or null when there is no such index. */
    private static Boolean indexValid(Connection connection, String index) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
            statement.setString(1, index);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getBoolean(1) : null;
            }
        }
    }

    /** Drops every partition's index, concurrently; returns the indexes dropped. */
    public static List<String> drop(Connection connection) throws SQLException {
        List<String> dropped = new ArrayList<>();
        withAutoCommit(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                for (String partition : partitions(connection)) {
                    String index = indexName(partition);
                    statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
                    dropped.add(index);
                }
            }
        });
        return dropped;
    }

    private static String indexName(String partition) {
        return partition + "_embedding_hnsw";
    }

    /**
     * The leaf partitions of {@code chunks}, or {@code chunks} itself when it is not partitioned
     * (the Citus layout, where Citus creates the index on every shard).
     */
    static List<String> partitions(Connection connection) throws SQLException {
        List<String> partitions = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT relid::regclass::text FROM pg_partition_tree('chunks') WHERE isleaf
                        UNION ALL
                        SELECT 'chunks' WHERE NOT EXISTS (SELECT 1 FROM pg_partitioned_table
                                                          WHERE partrelid = 'chunks'::regclass)
                        ORDER BY 1""")) {
            while (rs.next()) {
                partitions.add(rs.getString(1));
            }
        }
        return partitions;
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /** CONCURRENTLY refuses to run inside a transaction block. */
    private static void withAutoCommit(Connection connection, SqlWork work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
            work.run();
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}

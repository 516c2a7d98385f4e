package io.vectorline.store;

import io.vectorline.store.jdbc.ConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

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
     * How far a build is: {@code built} of {@code total} partitions (one node) or shards (Citus)
     * hold a valid index named {@code index}.
     */
    public record Progress(String index, int built, int total, String parts) {
        @Override
        public String toString() {
            return String.format("%s: %d/%d %s", index, built, total, parts);
        }
    }

    /**
     * Builds the index of every partition that has no valid one, concurrently; returns the indexes
     * that exist afterwards, one per partition, and reports each partition done. On Citus, where
     * one statement builds every shard's index, a second connection counts the valid shard
     * indexes while it runs. An index left invalid by a failed build is dropped and built again.
     * Existing indexes are looked up rather than left to {@code IF NOT EXISTS}: that skips an
     * invalid index for good, and on Citus 13.0 it was reported to invalidate an existing valid one
     * (citusdata/citus#8338).
     */
    public static List<String> build(ConnectionFactory connections, HnswSettings settings, Consumer<Progress> progress)
            throws SQLException {
        List<String> built = new ArrayList<>();
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(true); // CONCURRENTLY refuses to run inside a transaction block
            boolean distributed = SchemaChecks.tableLayout(connection) == StoreLayout.CITUS;
            List<String> partitions = partitions(connection);
            try (Statement statement = connection.createStatement()) {
                for (String partition : partitions) {
                    String index = indexName(partition);
                    Boolean valid = indexValid(connection, index);
                    if (Boolean.FALSE.equals(valid)) {
                        statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
                    }
                    if (!Boolean.TRUE.equals(valid)) {
                        String create = "CREATE INDEX CONCURRENTLY " + index + " ON " + partition
                                + " USING hnsw (embedding vector_cosine_ops) WITH (m = " + settings.m()
                                + ", ef_construction = " + settings.efConstruction() + ")";
                        if (distributed) {
                            try (ShardIndexProgress shards = ShardIndexProgress.watch(connections, index, progress)) {
                                statement.execute(create);
                            }
                        } else {
                            statement.execute(create);
                        }
                    }
                    built.add(index);
                    if (!distributed) {
                        progress.accept(new Progress(index, built.size(), partitions.size(), "partitions"));
                    }
                }
            }
            if (distributed) {
                progress.accept(ShardIndexProgress.count(connection, indexName("chunks")));
            }
        }
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
    public static List<String> drop(ConnectionFactory connections) throws SQLException {
        List<String> dropped = new ArrayList<>();
        try (Connection connection = connections.open(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (String partition : partitions(connection)) {
                String index = indexName(partition);
                statement.execute("DROP INDEX CONCURRENTLY IF EXISTS " + index);
                dropped.add(index);
            }
        }
        return dropped;
    }

    static String indexName(String partition) {
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
}

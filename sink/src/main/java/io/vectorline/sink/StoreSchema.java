package io.vectorline.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the tables on one PostgreSQL node: {@code documents} and {@code chunks} hash-partitioned
 * by {@code tenant_id} with the same modulus, so the planner can join them partition by partition
 * (the one-node form of co-location); every key starts with {@code tenant_id}, as Citus requires
 * of a distribution column. Safe to run from many job instances at once: an advisory lock
 * serialises them and every statement is idempotent.
 */
public final class StoreSchema {
    private static final long BOOTSTRAP_LOCK = 0x7665_6374_6f72_6c6eL;

    private StoreSchema() {}

    /** Creates what is missing and fails if the stored vector dimension differs from {@code dimensions}. */
    public static void bootstrap(Connection connection, StoreSettings settings) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + BOOTSTRAP_LOCK + ")");
            statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS embedding_models (
                      model_id   text PRIMARY KEY,
                      dimensions int NOT NULL,
                      max_tokens int NOT NULL,
                      pooling    text NOT NULL,
                      active     boolean NOT NULL DEFAULT true)""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS documents (
                      tenant_id   text NOT NULL,
                      doc_id      text NOT NULL,
                      version     bigint NOT NULL,
                      title       text,
                      metadata    jsonb NOT NULL DEFAULT '{}',
                      source_uri  text,
                      event_time  timestamptz NOT NULL,
                      chunk_count int NOT NULL,
                      updated_at  timestamptz NOT NULL DEFAULT now(),
                      PRIMARY KEY (tenant_id, doc_id)
                    ) PARTITION BY HASH (tenant_id)""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS chunks (
                      tenant_id    text NOT NULL,
                      doc_id       text NOT NULL,
                      chunk_no     int NOT NULL,
                      version      bigint NOT NULL,
                      model_id     text NOT NULL,
                      content      text NOT NULL,
                      content_hash bytea NOT NULL,
                      embedding    vector(%d) NOT NULL,
                      PRIMARY KEY (tenant_id, doc_id, chunk_no)
                    ) PARTITION BY HASH (tenant_id)""".formatted(settings.dimensions()));
            for (String table : new String[] {"documents", "chunks"}) {
                for (int remainder = 0; remainder < settings.partitions(); remainder++) {
                    statement.execute("CREATE TABLE IF NOT EXISTS %s_p%d PARTITION OF %s FOR VALUES WITH (MODULUS %d, REMAINDER %d)"
                            .formatted(table, remainder, table, settings.partitions(), remainder));
                }
            }
            requireDimensions(connection, settings.dimensions());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Records a model in {@code embedding_models}, as used by the job writing now. */
    public static void registerModel(Connection connection, String modelId, int dimensions, int maxTokens,
            String pooling) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO embedding_models (model_id, dimensions, max_tokens, pooling) VALUES (?, ?, ?, ?)
                ON CONFLICT (model_id) DO UPDATE
                SET dimensions = excluded.dimensions, max_tokens = excluded.max_tokens, pooling = excluded.pooling""")) {
            insert.setString(1, modelId);
            insert.setInt(2, dimensions);
            insert.setInt(3, maxTokens);
            insert.setString(4, pooling);
            insert.executeUpdate();
        }
    }

    private static void requireDimensions(Connection connection, int dimensions) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT atttypmod FROM pg_attribute
                        WHERE attrelid = 'chunks'::regclass AND attname = 'embedding'""")) {
            if (rs.next() && rs.getInt(1) != dimensions) {
                throw new IllegalStateException("table chunks stores vectors of " + rs.getInt(1)
                        + " dimensions but the model makes " + dimensions
                        + "; use another database or re-embed into a new table");
            }
        }
    }
}

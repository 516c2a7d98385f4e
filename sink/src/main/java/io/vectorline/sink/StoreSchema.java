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
    /** The role to grant to search users; its members read only the tenant they set. */
    public static final String READER_ROLE = "vectorline_reader";
    /** The session setting that names a reader's tenant. */
    public static final String TENANT_SETTING = "app.tenant_id";

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
            isolateTenants(statement);
            joinPartitionWise(statement);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * Row-level security on {@code tenant_id} for everyone but the owner (the ingest role, which
     * writes through the staging path): a role sees and writes only the rows of the tenant in
     * its {@code app.tenant_id} setting, and nothing while it is unset. Members of
     * {@value #READER_ROLE} may read.
     */
    private static void isolateTenants(Statement statement) throws SQLException {
        statement.execute("""
                DO $$ BEGIN
                  CREATE ROLE %s NOLOGIN;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END $$""".formatted(READER_ROLE));
        for (String table : new String[] {"documents", "chunks"}) {
            // checked first, so a restarting job takes no table lock when nothing is missing
            statement.execute("""
                    DO $$ BEGIN
                      IF NOT EXISTS (SELECT FROM pg_policies WHERE tablename = '%1$s' AND policyname = 'tenant_isolation')
                      THEN
                        ALTER TABLE %1$s ENABLE ROW LEVEL SECURITY;
                        CREATE POLICY tenant_isolation ON %1$s
                          USING (tenant_id = current_setting('%2$s', true))
                          WITH CHECK (tenant_id = current_setting('%2$s', true));
                        GRANT SELECT ON %1$s TO %3$s;
                      END IF;
                    END $$""".formatted(table, TENANT_SETTING, READER_ROLE));
        }
        statement.execute("GRANT SELECT ON embedding_models TO " + READER_ROLE);
    }

    /**
     * Both tables share one hash layout, so joins and aggregates can run partition by partition
     * (off by default in PostgreSQL because planning takes longer). Set for the database, where
     * the role may; otherwise a notice asks the owner to.
     */
    private static void joinPartitionWise(Statement statement) throws SQLException {
        statement.execute("""
                DO $$ BEGIN
                  EXECUTE format('ALTER DATABASE %I SET enable_partitionwise_join = on', current_database());
                  EXECUTE format('ALTER DATABASE %I SET enable_partitionwise_aggregate = on', current_database());
                EXCEPTION WHEN insufficient_privilege THEN
                  RAISE NOTICE 'set enable_partitionwise_join and enable_partitionwise_aggregate on this database';
                END $$""");
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

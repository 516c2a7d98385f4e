package io.vectorline.sink;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the database to the current schema with versioned Flyway migrations
 * ({@code src/main/resources/db/vectorline}): hash-partitioned {@code documents} and
 * {@code chunks}, row-level security by tenant, partition-wise planning. Safe to run from many
 * job instances at once: an advisory lock held around the whole migration serialises them (Flyway's
 * own lock comes too late to cover baselining a database that already holds tables), and each
 * version is applied once. The vector dimension and partition count are fixed when the tables are
 * first created.
 */
public final class StoreSchema {
    /** The role to grant to search users; its members read only the tenant they set. */
    public static final String READER_ROLE = "vectorline_reader";
    /** The session setting that names a reader's tenant. */
    public static final String TENANT_SETTING = "app.tenant_id";

    private static final String MIGRATIONS = "classpath:db/vectorline";
    private static final String HISTORY_TABLE = "vectorline_schema_history";
    private static final long MIGRATION_LOCK = 0x7665_6374_6f72_6c6eL;

    private StoreSchema() {}

    /** Migrates, then fails if the stored vector dimension differs from the model's. */
    public static void bootstrap(String jdbcUrl, StoreSettings settings) throws SQLException {
        try (Connection lock = DriverManager.getConnection(jdbcUrl);
                Statement statement = lock.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                migrate(jdbcUrl, settings);
                requireDimensions(lock, settings.dimensions());
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
        }
    }

    private static void migrate(String jdbcUrl, StoreSettings settings) throws SQLException {
        try {
            Flyway.configure(StoreSchema.class.getClassLoader())
                    .dataSource(jdbcUrl, null, null)
                    .locations(MIGRATIONS)
                    .table(HISTORY_TABLE)
                    // a database that already holds other tables: record a baseline below V1 and
                    // apply every migration (each tolerates objects that already exist)
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .placeholders(Map.of(
                            "dimensions", Integer.toString(settings.dimensions()),
                            "partitions", Integer.toString(settings.partitions()),
                            "readerRole", READER_ROLE,
                            "tenantSetting", TENANT_SETTING))
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new SQLException("schema migration failed: " + e.getMessage(), e);
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

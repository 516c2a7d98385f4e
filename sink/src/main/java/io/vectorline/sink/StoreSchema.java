package io.vectorline.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings the database to the current schema with versioned Flyway migrations
 * ({@code src/main/resources/db/vectorline}): hash-partitioned {@code documents} and
 * {@code chunks}, row-level security by tenant, partition-wise planning; on a Citus coordinator
 * ({@link StoreLayout#CITUS}) V6 turns them into plain tables distributed by {@code tenant_id} and
 * co-located, and {@code embedding_models} into a reference table. Safe to run from many job
 * instances at once: an advisory lock held around the whole migration serialises them (Flyway's
 * own lock comes too late to cover baselining a database that already holds tables), and each
 * version is applied once. The vector dimension and partition count are fixed when the tables are
 * first created; afterwards the tables must have the layout asked for.
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

    /**
     * Migrates in the layout the settings ask for (detected unless forced), then fails if the
     * tables do not have that layout or the stored vector dimension differs from the model's.
     * Returns the layout.
     */
    public static StoreLayout bootstrap(String jdbcUrl, StoreSettings settings) throws SQLException {
        try (Connection lock = PgConnections.open(jdbcUrl);
                Statement statement = lock.createStatement()) {
            StoreLayout layout = settings.layout().resolve(lock);
            statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                migrate(jdbcUrl, settings, layout);
                requireLayout(lock, layout);
                requireDimensions(lock, settings.dimensions());
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
            return layout;
        }
    }

    private static void migrate(String jdbcUrl, StoreSettings settings, StoreLayout layout) throws SQLException {
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
                            "layout", layout.placeholder(),
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

    /**
     * The layout the tables have: {@link StoreLayout#CITUS} when {@code documents} is a Citus
     * table, else {@link StoreLayout#ONE_NODE}.
     */
    public static StoreLayout tableLayout(Connection connection) throws SQLException {
        if (!StoreLayout.citusInstalled(connection)) {
            return StoreLayout.ONE_NODE;
        }
        return citusTables(connection).containsKey("documents") ? StoreLayout.CITUS : StoreLayout.ONE_NODE;
    }

    /**
     * Fails unless the tables have the layout asked for: on Citus, {@code documents} and
     * {@code chunks} distributed by {@code tenant_id} in one co-location group and
     * {@code embedding_models} a reference table; on one node, none of them a Citus table.
     */
    private static void requireLayout(Connection connection, StoreLayout layout) throws SQLException {
        if (!StoreLayout.citusInstalled(connection)) {
            return;
        }
        Map<String, String> tables = citusTables(connection);
        if (layout == StoreLayout.ONE_NODE) {
            if (!tables.isEmpty()) {
                throw new IllegalStateException("the tables " + tables.keySet() + " are Citus tables but layout"
                        + " one-node was asked for; use layout citus (or detect) with this database");
            }
            return;
        }
        if (!citusLayoutComplete(tables)) {
            throw new IllegalStateException("layout citus needs documents and chunks distributed by tenant_id and"
                    + " co-located, and embedding_models a reference table, but Citus knows " + tables
                    + "; tables made for one node (or restored from a one-node dump, whose migration history"
                    + " already counts V6) are not converted in place: see the README, 'Moving from one node"
                    + " to Citus'");
        }
    }

    /** Whether {@link #citusTables} describes the Citus layout. */
    static boolean citusLayoutComplete(Map<String, String> tables) {
        String documents = tables.get("documents");
        return documents != null
                && documents.startsWith("distributed by tenant_id in group ")
                && documents.equals(tables.get("chunks"))
                && "reference".equals(tables.get("embedding_models"));
    }

    /**
     * The Vectorline tables Citus knows, each with its type: "distributed by COLUMN in group N",
     * "reference" or "local".
     */
    private static Map<String, String> citusTables(Connection connection) throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT table_name::text, citus_table_type, distribution_column, colocation_id
                        FROM citus_tables
                        WHERE table_name IN (to_regclass('documents'), to_regclass('chunks'),
                                             to_regclass('embedding_models'))""")) {
            while (rs.next()) {
                String type = rs.getString(2);
                tables.put(rs.getString(1), "distributed".equals(type)
                        ? "distributed by " + rs.getString(3) + " in group " + rs.getInt(4)
                        : type);
            }
        }
        return tables;
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

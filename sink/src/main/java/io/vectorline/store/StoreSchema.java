package io.vectorline.store;

import io.vectorline.store.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Brings the database to the current schema with versioned Flyway migrations
 * ({@code src/main/resources/db/vectorline}): hash-partitioned {@code documents} and
 * {@code chunks}, row-level security by tenant, partition-wise planning; on a Citus coordinator
 * ({@link StoreLayout#CITUS}) V6 turns them into plain tables distributed by {@code tenant_id} and
 * co-located, and {@code embedding_models} into a reference table. A job's client migrates once
 * before it submits the job ({@link #migrate}); the job's subtasks only {@link #verify}.
 * Migrating is safe from many clients at once: an advisory lock held around the whole migration
 * serialises them (Flyway's own lock comes too late to cover baselining a database that already
 * holds tables), and each version is applied once. The vector dimension and partition count are
 * fixed when the tables are first created; afterwards the tables must have the layout asked for.
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
    public static StoreLayout migrate(String jdbcUrl, StoreSettings settings) throws SQLException {
        try (Connection lock = PgConnections.open(jdbcUrl);
                Statement statement = lock.createStatement()) {
            StoreLayout layout = settings.layout().resolve(lock);
            statement.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
            try {
                flyway(jdbcUrl, settings, layout).migrate();
                SchemaChecks.requireLayout(lock, layout);
                SchemaChecks.requireDimensions(lock, settings.dimensions());
            } catch (FlywayException e) {
                throw new SQLException("schema migration failed: " + e.getMessage(), e);
            } finally {
                statement.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
            }
            return layout;
        }
    }

    /**
     * Fails with what to do unless the schema is current, in the layout asked for, with the
     * model's vector dimension; changes nothing. Returns the layout.
     */
    public static StoreLayout verify(String jdbcUrl, StoreSettings settings) throws SQLException {
        try (Connection connection = PgConnections.open(jdbcUrl)) {
            StoreLayout layout = settings.layout().resolve(connection);
            MigrationInfo[] pending;
            try {
                pending = flyway(jdbcUrl, settings, layout).info().pending();
            } catch (FlywayException e) {
                throw new SQLException("cannot read the schema version: " + e.getMessage(), e);
            }
            if (pending.length > 0) {
                throw new IllegalStateException("the store at " + PgConnections.redact(jdbcUrl) + " lacks migrations "
                        + Arrays.stream(pending).map(info -> "V" + info.getVersion()).collect(Collectors.joining(", "))
                        + "; run 'vectorline schema' against it (the CLI's run and demo migrate before they submit"
                        + " the job; a job built otherwise must call StoreSchema.migrate first)");
            }
            SchemaChecks.requireLayout(connection, layout);
            SchemaChecks.requireDimensions(connection, settings.dimensions());
            return layout;
        }
    }

    private static Flyway flyway(String jdbcUrl, StoreSettings settings, StoreLayout layout) {
        return Flyway.configure(StoreSchema.class.getClassLoader())
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
                        "tenantSetting", TENANT_SETTING,
                        "citusStagingTables", StagingTables.citusDdl()))
                .load();
    }
}

package io.vectorline.bench;

import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A database that already exists, on one node or a Citus coordinator with its workers: migrated
 * and emptied for every load, kept when closed. Works with any target, since the harness creates
 * no database (which on Citus needs the extension and the workers registered in each).
 */
public record ExistingStore(String url, StoreLayout layout) implements BenchStore {
    public static ExistingStore emptied(String url, int dimensions) throws SQLException {
        StoreLayout layout = StoreSchema.migrate(url, new StoreSettings(dimensions, StoreSettings.DEFAULT_PARTITIONS));
        try (Connection connection = PgConnections.open(url); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE documents, chunks");
        }
        return new ExistingStore(url, layout);
    }

    @Override
    public void close() {}
}

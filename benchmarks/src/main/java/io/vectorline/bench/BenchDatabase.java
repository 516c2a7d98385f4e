package io.vectorline.bench;

import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.VectorIndexes;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** A fresh database per measured load, so no method inherits another's tables, cache or bloat. */
public final class BenchDatabase implements BenchStore {
    private final String adminUrl;
    private final String name;
    private final String url;

    private BenchDatabase(String adminUrl, String name) {
        this.adminUrl = adminUrl;
        this.name = name;
        this.url = withDatabase(adminUrl, name);
    }

    public static BenchDatabase create(String adminUrl, String name, int dimensions, boolean hnsw) throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name);
            statement.execute("CREATE DATABASE " + name);
        }
        BenchDatabase database = new BenchDatabase(adminUrl, name);
        StoreSchema.migrate(database.url, new StoreSettings(dimensions, StoreSettings.DEFAULT_PARTITIONS));
        if (hnsw) {
            VectorIndexes.build(ConnectionFactory.of(database.url), VectorIndexes.HnswSettings.defaults(), built -> {});
        }
        return database;
    }

    @Override
    public String url() {
        return url;
    }

    /** The URL of {@code database} on the server {@code url} points to, its parameters kept. */
    public static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + (query < 0 ? "" : url.substring(query));
    }

    /** The URL as libpq and {@link java.net.URI} read it: {@code postgresql://host:port/db?user=u}. */
    String libpqUri() {
        return url.substring("jdbc:".length());
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}

package io.vectorline.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** What the tables must be before a job writes them: the layout asked for, the model's dimension. */
final class SchemaChecks {
    private SchemaChecks() {}

    /**
     * Fails unless the tables have the layout asked for: on Citus, {@code documents} and
     * {@code chunks} distributed by {@code tenant_id} in one co-location group and
     * {@code embedding_models} a reference table; on one node, none of them a Citus table.
     */
    static void requireLayout(Connection connection, StoreLayout layout) throws SQLException {
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
                    + " already counts V6) are not converted in place: see docs/citus.md, 'Moving from one node"
                    + " to Citus'");
        }
    }

    /** The layout the tables have: Citus when {@code documents} is a Citus table. */
    static StoreLayout tableLayout(Connection connection) throws SQLException {
        return StoreLayout.citusInstalled(connection) && citusTables(connection).containsKey("documents")
                ? StoreLayout.CITUS : StoreLayout.ONE_NODE;
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

    static void requireDimensions(Connection connection, int dimensions) throws SQLException {
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

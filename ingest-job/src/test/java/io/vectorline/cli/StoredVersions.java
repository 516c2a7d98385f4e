package io.vectorline.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the backfill tests read back from a store: each document's version, and whether its chunks match it. */
final class StoredVersions {
    private static final String UNDEFINED_TABLE = "42P01";

    private StoredVersions() {}

    /** {@code tenant/doc} → stored version; empty while the job has not created the tables yet. */
    static Map<String, Long> of(String jdbcUrl) throws SQLException {
        Map<String, Long> versions = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT tenant_id, doc_id, version FROM documents")) {
            while (rs.next()) {
                versions.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
            }
        } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw e;
            }
        }
        return versions;
    }

    /**
     * Every chunk, in key order: key, text and vector, one line each. Not its version: a chunk a
     * later version kept carries the earlier one, which a store holding only the later cannot know.
     */
    static List<String> chunks(String jdbcUrl) throws SQLException {
        List<String> chunks = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT tenant_id, doc_id, chunk_no, content,"
                        + " embedding::text FROM chunks ORDER BY tenant_id, doc_id, chunk_no")) {
            while (rs.next()) {
                chunks.add(rs.getString(1) + "/" + rs.getString(2) + "#" + rs.getInt(3) + " " + rs.getString(4) + " "
                        + rs.getString(5));
            }
        }
        return chunks;
    }

    /** Documents without chunks of their own version. */
    static long documentsWithoutChunks(String jdbcUrl) throws SQLException {
        return count(jdbcUrl, """
                SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM chunks c
                WHERE c.tenant_id = d.tenant_id AND c.doc_id = d.doc_id AND c.version = d.version)""");
    }

    /** Chunks whose version is not their document's. */
    static long chunksOfAnotherVersion(String jdbcUrl) throws SQLException {
        return count(jdbcUrl, """
                SELECT count(*) FROM chunks c JOIN documents d USING (tenant_id, doc_id) WHERE c.version <> d.version""");
    }

    private static long count(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

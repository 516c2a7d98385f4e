package io.vectorline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** What the store holds, read the same way by every test of the writer and its flush rules. */
public final class StoredState {
    private StoredState() {}

    public static long count(Connection reader, String table) throws SQLException {
        try (Statement statement = reader.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** doc id -> "version:chunk count" for one tenant, checked against both tables. */
    public static Map<String, String> of(Connection reader, String tenant) throws SQLException {
        Map<String, String> state = new TreeMap<>();
        try (Statement statement = reader.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT d.doc_id, d.version, d.chunk_count, count(c.chunk_no), min(c.version), max(c.version)
                        FROM documents d LEFT JOIN chunks c ON c.tenant_id = d.tenant_id AND c.doc_id = d.doc_id
                        WHERE d.tenant_id = '%s' GROUP BY 1, 2, 3""".formatted(tenant))) {
            while (rs.next()) {
                assertThat(rs.getInt(3)).as("chunk_count of %s", rs.getString(1)).isEqualTo(rs.getInt(4));
                if (rs.getInt(4) > 0) {
                    assertThat(rs.getLong(5)).isEqualTo(rs.getLong(2));
                    assertThat(rs.getLong(6)).isEqualTo(rs.getLong(2));
                }
                state.put(rs.getString(1), rs.getLong(2) + ":" + rs.getInt(4));
            }
        }
        return state;
    }
}

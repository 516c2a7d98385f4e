package io.vectorline.bench.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Two runs' final states, table by table: every column but those that tell when (a row was
 * written, its record published, its document deleted), which differ between any two runs, row by
 * row by primary key.
 */
final class StateComparison {
    /** The tables the job writes, with their primary keys. */
    private static final List<Map.Entry<String, List<String>>> TABLES = List.of(
            Map.entry("documents", List.of("tenant_id", "doc_id")),
            Map.entry("chunks", List.of("tenant_id", "doc_id", "chunk_no")),
            Map.entry("embedding_models", List.of("model_id")),
            Map.entry("document_deletions", List.of("tenant_id", "doc_id")));
    private static final Set<String> EXCLUDED = Set.of("updated_at", "recorded_at", "deleted_at");
    private static final int SHOWN = 3;
    private static final int SHOWN_CHARS = 300;

    record Table(String name, long controlRows, long faultedRows, long differing, List<String> firstDifferences) {
        boolean identical() {
            return differing == 0 && controlRows == faultedRows;
        }
    }

    private StateComparison() {}

    static List<Table> compare(String controlUrl, String faultedUrl) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Connection control = Databases.connect(controlUrl); Connection faulted = Databases.connect(faultedUrl)) {
            for (Map.Entry<String, List<String>> table : TABLES) {
                tables.add(compare(table.getKey(), table.getValue(), control, faulted));
            }
        }
        return tables;
    }

    private static Table compare(String table, List<String> key, Connection control, Connection faulted)
            throws SQLException {
        List<String> columns = columns(control, table);
        List<String> faultedColumns = columns(faulted, table);
        if (!columns.equals(faultedColumns)) {
            return new Table(table, -1, -1, 1, List.of("other columns: " + columns + " vs " + faultedColumns));
        }
        String keyText = "concat_ws('/', " + String.join(", ", key) + ")";
        String rowText = "ROW(" + String.join(", ", columns) + ")::text";
        String query = "SELECT " + keyText + ", md5(" + rowText + ") FROM " + table + " ORDER BY " + String.join(", ", key);
        Map<String, String> c = hashes(control, query);
        Map<String, String> f = hashes(faulted, query);
        List<String> differing = new ArrayList<>(c.keySet().stream().filter(k -> !c.get(k).equals(f.get(k))).toList());
        f.keySet().stream().filter(k -> !c.containsKey(k)).forEach(differing::add);
        String rowQuery = "SELECT " + rowText + " FROM " + table + " WHERE " + keyText + " = ?";
        List<String> shown = new ArrayList<>();
        for (String k : differing.subList(0, Math.min(SHOWN, differing.size()))) {
            shown.add(k + "\n  control: " + Objects.requireNonNullElse(row(control, rowQuery, k), "(no row)")
                    + "\n  faulted: " + Objects.requireNonNullElse(row(faulted, rowQuery, k), "(no row)"));
        }
        return new Table(table, c.size(), f.size(), differing.size(), List.copyOf(shown));
    }

    private static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position")) {
            query.setString(1, table);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (!EXCLUDED.contains(rs.getString(1))) {
                        columns.add(rs.getString(1));
                    }
                }
            }
        }
        return columns;
    }

    private static Map<String, String> hashes(Connection c, String query) throws SQLException {
        Map<String, String> hashes = new LinkedHashMap<>();
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(query)) {
            while (rs.next()) {
                hashes.put(rs.getString(1), rs.getString(2));
            }
        }
        return hashes;
    }

    private static String row(Connection c, String query, String key) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(query)) {
            statement.setString(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String row = rs.getString(1);
                return row.length() <= SHOWN_CHARS ? row : row.substring(0, SHOWN_CHARS) + "…";
            }
        }
    }
}

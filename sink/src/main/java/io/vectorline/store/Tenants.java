package io.vectorline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each tenant's rows live and what can be done with a tenant as a whole: list them with their
 * partition (one node) or shard and worker (Citus), erase one everywhere, and on Citus give a
 * tenant a shard of its own ({@code isolate_tenant_to_new_shard}) or move its shard group to a
 * chosen worker ({@code citus_move_shard_placement}). Shard moves block writes to the moved shards
 * while they copy; the job waits that out like any lock.
 */
public final class Tenants {
    /** A tenant, its stored documents and chunks, and where they live. */
    public record Placement(String tenantId, long documents, long chunks, String location) {}

    /** Rows of a tenant per place that holds them (partition or shard), before and after an erase. */
    public record Erasure(Map<String, Long> before, Map<String, Long> after) {
        public long erased() {
            return before.values().stream().mapToLong(Long::longValue).sum()
                    - after.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Connection connection;
    private final StoreLayout layout;

    public Tenants(Connection connection) throws SQLException {
        this.connection = connection;
        this.layout = SchemaChecks.tableLayout(connection);
    }

    public StoreLayout layout() {
        return layout;
    }

    public List<Placement> list() throws SQLException {
        Map<String, long[]> counts = new TreeMap<>();
        count("SELECT tenant_id, count(*) FROM documents GROUP BY tenant_id", counts, 0);
        count("SELECT tenant_id, count(*) FROM chunks GROUP BY tenant_id", counts, 1);
        List<Placement> placements = new ArrayList<>();
        for (Map.Entry<String, long[]> tenant : counts.entrySet()) {
            placements.add(new Placement(tenant.getKey(), tenant.getValue()[0], tenant.getValue()[1],
                    location(tenant.getKey())));
        }
        return placements;
    }

    private void count(String sql, Map<String, long[]> counts, int slot) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                counts.computeIfAbsent(rs.getString(1), tenant -> new long[2])[slot] = rs.getLong(2);
            }
        }
    }

    /** One node: the partition of {@code documents}; Citus: the shard and the worker holding it. */
    public String location(String tenantId) throws SQLException {
        if (layout == StoreLayout.CITUS) {
            return query("""
                    SELECT s.shardid || ' on ' || s.nodename || ':' || s.nodeport FROM citus_shards s
                    WHERE s.table_name = 'documents'::regclass
                      AND s.shardid = get_shard_id_for_distribution_column('documents', ?)""", tenantId);
        }
        return query("SELECT tableoid::regclass::text FROM documents WHERE tenant_id = ? LIMIT 1", tenantId);
    }

    /**
     * Deletes every document and chunk of the tenant in one transaction; returns its rows per
     * partition or shard, counted in that transaction before the delete and again once it is
     * committed (Citus counts on each shard over connections of their own, which see only what is
     * committed).
     */
    public Erasure erase(String tenantId) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            Map<String, Long> before = rowsEverywhere(tenantId);
            for (String table : List.of("chunks", "documents", StoreTables.DELETIONS)) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE tenant_id = ?")) {
                    delete.setString(1, tenantId);
                    delete.executeUpdate();
                }
            }
            connection.commit();
            return new Erasure(before, rowsEverywhere(tenantId));
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * The tenant's rows per place, both tables: on Citus asked of every shard itself (so a row left
     * anywhere would show), on one node per partition that holds any.
     */
    private Map<String, Long> rowsEverywhere(String tenantId) throws SQLException {
        Map<String, Long> rows = new TreeMap<>();
        for (String table : List.of("documents", "chunks")) {
            String sql = layout == StoreLayout.CITUS
                    ? "SELECT shardid::text, result::bigint FROM run_command_on_shards('" + table + "',"
                            + " format('SELECT count(*) FROM %%s WHERE tenant_id = %L', ?::text))"
                    : "SELECT tableoid::regclass::text, count(*) FROM " + table + " WHERE tenant_id = ? GROUP BY 1";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, tenantId);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        rows.put(table + " " + rs.getString(1), rs.getLong(2));
                    }
                }
            }
        }
        return rows;
    }

    /** Citus: moves the tenant to a shard (group) of its own; returns the new shard of {@code documents}. */
    public long isolate(String tenantId) throws SQLException {
        requireCitus("isolate");
        return Long.parseLong(query("SELECT isolate_tenant_to_new_shard('documents', ?::text, 'CASCADE',"
                + " shard_transfer_mode => 'block_writes')", tenantId));
    }

    /** Citus: moves the shard group holding the tenant to the worker {@code host:port}; returns where it was. */
    public String place(String tenantId, String host, int port) throws SQLException {
        requireCitus("place");
        String from = location(tenantId);
        try (PreparedStatement move = connection.prepareStatement("""
                SELECT citus_move_shard_placement(s.shardid, s.nodename, s.nodeport, ?, ?, 'block_writes')
                FROM citus_shards s
                WHERE s.table_name = 'documents'::regclass
                  AND s.shardid = get_shard_id_for_distribution_column('documents', ?)
                  AND (s.nodename, s.nodeport) <> (?, ?)""")) {
            move.setString(1, host);
            move.setInt(2, port);
            move.setString(3, tenantId);
            move.setString(4, host);
            move.setInt(5, port);
            move.executeQuery().close();
        }
        return from;
    }

    private void requireCitus(String what) {
        if (layout != StoreLayout.CITUS) {
            throw new IllegalStateException(what + " needs the Citus layout: on one node every tenant shares the"
                    + " hash partitions");
        }
    }

    private String query(String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}

package io.vectorline.job.backfill;

import io.vectorline.job.backfill.store.StoreSplit;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a backfill from the store is, per tenant (table {@code backfill_positions}, migration V10):
 * the last document read and how many were, as of the last completed checkpoint.
 */
public final class BackfillPositions {
    private final ConnectionFactory connections;

    public BackfillPositions(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** Records the positions of {@code splits}; later ones for the same tenant replace earlier ones. */
    public void save(String name, Collection<StoreSplit> splits) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO backfill_positions (name, tenant_id, after_doc, documents) VALUES (?, ?, ?, ?)
                        ON CONFLICT (name, tenant_id) DO UPDATE
                        SET after_doc = excluded.after_doc, documents = excluded.documents""")) {
            for (StoreSplit split : splits) {
                upsert.setString(1, name);
                upsert.setString(2, split.tenantId());
                upsert.setString(3, split.afterDocId());
                upsert.setLong(4, split.documentsRead());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The recorded position of each tenant the backfill has read from. */
    public Map<String, StoreSplit> of(String name) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT tenant_id, after_doc, documents FROM backfill_positions WHERE name = ?")) {
            select.setString(1, name);
            Map<String, StoreSplit> positions = new HashMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    positions.put(rs.getString(1), new StoreSplit(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return positions;
        }
    }

    /** Documents the backfill has read, over all tenants. */
    public long documentsRead(String name) throws SQLException {
        return of(name).values().stream().mapToLong(StoreSplit::documentsRead).sum();
    }
}

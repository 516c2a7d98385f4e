package io.vectorline.job.backfill;

import io.vectorline.job.backfill.source.ReplaySplit;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Where a backfill from the store or from files is, per split (table {@code backfill_positions},
 * migration V10): its position and how many records were read, as of the last completed checkpoint.
 */
public final class BackfillPositions {
    private final ConnectionFactory connections;

    public BackfillPositions(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** Records the positions of {@code splits}; later ones for the same split replace earlier ones. */
    public void save(String name, Collection<ReplaySplit> splits) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement upsert = connection.prepareStatement("""
                        INSERT INTO backfill_positions (name, split, after, records) VALUES (?, ?, ?, ?)
                        ON CONFLICT (name, split) DO UPDATE
                        SET after = excluded.after, records = excluded.records""")) {
            for (ReplaySplit split : splits) {
                upsert.setString(1, name);
                upsert.setString(2, split.id());
                upsert.setString(3, split.after());
                upsert.setLong(4, split.read());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    /** The recorded position of each split the backfill has read from, by id. */
    public Map<String, ReplaySplit> of(String name) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT split, after, records FROM backfill_positions WHERE name = ?")) {
            select.setString(1, name);
            Map<String, ReplaySplit> positions = new HashMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    positions.put(rs.getString(1), new ReplaySplit(rs.getString(1), rs.getString(2), rs.getLong(3)));
                }
            }
            return positions;
        }
    }

    /** Records the backfill has read, over all splits. */
    public long read(String name) throws SQLException {
        return of(name).values().stream().mapToLong(ReplaySplit::read).sum();
    }
}

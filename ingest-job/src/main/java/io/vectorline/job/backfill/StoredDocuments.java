package io.vectorline.job.backfill;

import io.vectorline.job.backfill.source.ReplaySplit;
import io.vectorline.store.StoreTables;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plans backfills of what the store holds, before any work starts. */
public final class StoredDocuments {
    private static final Logger LOG = LoggerFactory.getLogger(StoredDocuments.class);

    private final ConnectionFactory connections;
    private final StoreTables tables;

    public StoredDocuments(ConnectionFactory connections, StoreTables tables) {
        this.connections = connections;
        this.tables = tables;
    }

    /**
     * The plan of a new backfill of {@code tenants}' stored documents (all tenants: empty); fails
     * when there is nothing to replay. Counts the documents once, with one scan of the table.
     */
    public StorePlan resolve(String name, Set<String> tenants) throws SQLException {
        Map<String, long[]> counts = counts(tenants);
        long withBody = counts.values().stream().mapToLong(count -> count[0]).sum();
        long withoutBody = counts.values().stream().mapToLong(count -> count[1]).sum();
        if (withoutBody > 0) {
            LOG.warn("backfill {}: {} stored documents have no body (stored before bodies were kept) and are left"
                    + " out; a newer version of each, published, stores its body", name, withoutBody);
        }
        if (withBody == 0) {
            throw new IllegalArgumentException("the store holds no documents" + (tenants.isEmpty() ? ""
                    : " of tenants " + tenants) + (withoutBody > 0 ? " with a body (" + withoutBody
                    + " were stored before bodies were kept)" : "") + ": nothing to replay");
        }
        return new StorePlan(name, BackfillPlan.newGroupId(name), tenants, withBody);
    }

    /**
     * A split per tenant of the plan (all the store holds now, if it names none), from where the
     * backfill's readers last recorded.
     */
    public List<ReplaySplit> splits(StorePlan plan, BackfillPositions positions) throws SQLException {
        Map<String, ReplaySplit> recorded = positions.of(plan.name());
        Set<String> tenants = plan.tenants().isEmpty() ? counts(Set.of()).keySet() : plan.tenants();
        return tenants.stream().sorted()
                .map(tenant -> recorded.getOrDefault(tenant, ReplaySplit.start(tenant)))
                .toList();
    }

    /** Per tenant: documents with a body, and without. */
    private Map<String, long[]> counts(Set<String> tenants) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement count = connection.prepareStatement("""
                        SELECT tenant_id, count(*) FILTER (WHERE body IS NOT NULL), count(*) FILTER (WHERE body IS NULL)
                        FROM %s
                        WHERE cardinality(?::text[]) = 0 OR tenant_id = ANY (?::text[])
                        GROUP BY tenant_id""".formatted(tables.documents()))) {
            Object[] names = tenants.toArray();
            count.setArray(1, connection.createArrayOf("text", names));
            count.setArray(2, connection.createArrayOf("text", names));
            Map<String, long[]> counts = new TreeMap<>();
            try (ResultSet rs = count.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                }
            }
            return counts;
        }
    }
}

package io.vectorline.sink;

import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.SQLException;

/** The flush rules with the one-node statements (temporary staging tables) on PostgreSQL. */
class OneNodeMergeIT extends MergeRulesContract {
    @Override
    String newStore() throws SQLException {
        String store = TestServices.freshDatabase("one_node_merge");
        StoreSchema.bootstrap(store, new StoreSettings(DIMS, 4, LayoutChoice.ONE_NODE));
        return store;
    }

    @Override
    void merge(Connection connection, PendingWrites writes) throws SQLException {
        try (var statement = connection.createStatement()) {
            for (String sql : FlushStatements.ONE_NODE.onConnect()) {
                statement.execute(sql);
            }
        }
        VectorStoreWriter.merge(connection, FlushStatements.ONE_NODE, writes.documents());
    }
}

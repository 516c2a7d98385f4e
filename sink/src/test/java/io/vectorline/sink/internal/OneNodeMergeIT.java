package io.vectorline.sink.internal;

import io.vectorline.store.FlushStatements;
import io.vectorline.store.LayoutChoice;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.StoreTables;
import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.SQLException;

/** The flush rules with the one-node statements (temporary staging tables) on PostgreSQL. */
class OneNodeMergeIT extends MergeRulesContract {
    @Override
    String newStore() throws SQLException {
        String store = TestServices.freshDatabase("one_node_merge");
        StoreSchema.migrate(store, new StoreSettings(DIMS, 4, LayoutChoice.ONE_NODE));
        return store;
    }

    @Override
    void merge(Connection connection, PendingWrites writes) throws SQLException {
        try (var statement = connection.createStatement()) {
            for (String sql : FlushStatements.of(StoreLayout.ONE_NODE, StoreTables.DEFAULT).onConnect()) {
                statement.execute(sql);
            }
        }
        VectorStoreWriter.merge(connection, FlushStatements.of(StoreLayout.ONE_NODE, StoreTables.DEFAULT), writes.documents());
    }
}

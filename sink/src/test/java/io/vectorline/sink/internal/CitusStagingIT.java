package io.vectorline.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.model.DocumentWrite;
import io.vectorline.store.FlushStatements;
import io.vectorline.store.LayoutChoice;
import io.vectorline.store.StagingTables;
import io.vectorline.store.StoreFixtures;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.StoreTables;
import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The Citus layout's staging and merge statements (the Citus {@link FlushStatements}) keep every flush rule.
 * Checked here on one PostgreSQL, where the staging tables V8 distributes on Citus are made as plain
 * tables; {@link CitusStoreIT} runs the same rules on a Citus cluster.
 */
class CitusStagingIT extends MergeRulesContract {
    @Override
    String newStore() throws SQLException {
        String store = TestServices.freshDatabase("citus_staging");
        StoreSchema.migrate(store, new StoreSettings(DIMS, 4, LayoutChoice.ONE_NODE));
        try (Connection connection = DriverManager.getConnection(store);
                Statement statement = connection.createStatement()) {
            // as V8 makes them on Citus, without distributing them
            statement.execute(StagingTables.citusDdl());
        }
        return store;
    }

    @Override
    void merge(Connection connection, PendingWrites writes) throws SQLException {
        VectorStoreWriter.merge(connection, FlushStatements.of(StoreLayout.CITUS, StoreTables.DEFAULT), writes.documents());
    }

    @Test
    void stagingTablesAreEmptyAfterEveryFlush() throws SQLException {
        flush(StoreFixtures.doc("t1", "a", 1, 2), DocumentWrite.delete("t1", "b"));
        assertThat(count("vectorline_staged_documents")).isZero();
        assertThat(count("vectorline_staged_chunks")).isZero();
    }

    @Test
    void documentsMergedTogetherShareTheFlushTimestamp() throws SQLException {
        flush(StoreFixtures.doc("t1", "a", 1, 1), StoreFixtures.doc("t2", "b", 1, 1));
        flush(StoreFixtures.doc("t1", "c", 1, 1));
        assertThat(count("(SELECT DISTINCT updated_at FROM documents) t")).isEqualTo(2);
    }
}

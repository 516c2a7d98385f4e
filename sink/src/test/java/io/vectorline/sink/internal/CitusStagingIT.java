package io.vectorline.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.model.DocumentWrite;
import io.vectorline.store.FlushStatements;
import io.vectorline.store.LayoutChoice;
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
 * The Citus layout's staging and merge statements ({@link FlushStatements#CITUS}) keep every flush rule.
 * Checked here on one PostgreSQL, where the staging tables V6 distributes on Citus are made as plain
 * tables; {@link CitusStoreIT} runs the same rules on a Citus cluster.
 */
class CitusStagingIT extends MergeRulesContract {
    @Override
    String newStore() throws SQLException {
        String store = TestServices.freshDatabase("citus_staging");
        StoreSchema.migrate(store, new StoreSettings(DIMS, 4, LayoutChoice.ONE_NODE));
        try (Connection connection = DriverManager.getConnection(store);
                Statement statement = connection.createStatement()) {
            // as V6 makes them on Citus, without distributing them
            statement.execute("""
                    CREATE UNLOGGED TABLE vectorline_staged_documents (
                      tenant_id text NOT NULL, doc_id text NOT NULL, delete_first boolean, upsert boolean,
                      version bigint, title text, metadata jsonb, source_uri text, event_time timestamptz,
                      chunk_count int, content_hash bytea)""");
            statement.execute("""
                    CREATE UNLOGGED TABLE vectorline_staged_chunks (
                      tenant_id text NOT NULL, doc_id text NOT NULL, chunk_no int, version bigint, model_id text,
                      content text, content_hash bytea, embedding vector) WITH (toast_tuple_target = 8160)""");
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

package io.vectorline.sink.internal;

import static io.vectorline.store.StoreFixtures.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectorline.store.ChunkSearch;
import io.vectorline.store.FlushStatements;
import io.vectorline.store.LayoutChoice;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.StoreTables;
import io.vectorline.store.VectorIndexes;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.RetryPolicy;
import io.vectorline.store.jdbc.TransactionSettings;
import io.vectorline.testing.CitusCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The Citus layout on a real cluster (a coordinator and two workers, {@code deploy/local/citus.sh}): the
 * migration distributes the tables, the flush rules hold with the Citus {@link FlushStatements}, row-level
 * security and the search settings reach the workers, HNSW is built on every shard.
 */
@EnabledIf(value = "io.vectorline.testing.CitusCluster#available", disabledReason = CitusCluster.UNAVAILABLE)
class CitusStoreIT extends MergeRulesContract {
    @Override
    String newStore() throws SQLException {
        String store = CitusCluster.freshDatabase("citus");
        assertThat(StoreSchema.migrate(store, new StoreSettings(DIMS, 4))).as("detected").isEqualTo(StoreLayout.CITUS);
        return store;
    }

    @Override
    String tenantApartFrom(String tenant) throws SQLException {
        try (PreparedStatement shard = reader.prepareStatement(
                "SELECT get_shard_id_for_distribution_column('documents', ?)")) {
            long of = shardOf(shard, tenant);
            for (int i = 0; ; i++) {
                String candidate = tenant + "-apart-" + i;
                if (shardOf(shard, candidate) != of) {
                    return candidate;
                }
            }
        }
    }

    private static long shardOf(PreparedStatement shard, String tenant) throws SQLException {
        shard.setString(1, tenant);
        try (ResultSet rs = shard.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    void merge(Connection connection, PendingWrites writes) throws SQLException {
        VectorStoreWriter.merge(connection, FlushStatements.of(StoreLayout.CITUS, StoreTables.DEFAULT), writes.documents());
    }

    private List<String> column(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /** One value per shard of the table: {@code sql} with %s standing for the shard's name. */
    private List<String> onEveryShard(String table, String sql) throws SQLException {
        return column(reader, "SELECT result FROM run_command_on_shards('" + table + "', $$" + sql + "$$)");
    }

    @Test
    void theTablesAreDistributedByTenantCoLocatedAndModelsAReferenceTable() throws SQLException {
        assertThat(StoreSchema.verify(url, new StoreSettings(DIMS, 4))).isEqualTo(StoreLayout.CITUS);
        assertThat(column(reader, """
                SELECT table_name::text || ' ' || citus_table_type || ' ' || distribution_column
                FROM citus_tables ORDER BY 1""")).containsExactly(
                "chunks distributed tenant_id",
                "document_deletions distributed tenant_id",
                "documents distributed tenant_id",
                "embedding_models reference <none>",
                "vectorline_staged_chunks distributed tenant_id",
                "vectorline_staged_documents distributed tenant_id");
        assertThat(column(reader, "SELECT DISTINCT colocation_id FROM citus_tables WHERE citus_table_type = 'distributed'"))
                .hasSize(1);
        assertThat(column(reader, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'chunks'::regclass"))
                .as("plain tables, no partitions").containsExactly("0");
    }

    @Test
    void shardsCarryRowLevelSecurityPoliciesGrantsAndStorageOptions() throws SQLException {
        for (String table : List.of("documents", "chunks")) {
            assertThat(onEveryShard(table, "SELECT relrowsecurity FROM pg_class WHERE oid = '%s'::regclass"))
                    .isNotEmpty().containsOnly("t");
            assertThat(onEveryShard(table, "SELECT count(*) FROM pg_policy WHERE polrelid = '%s'::regclass"))
                    .containsOnly("1");
            assertThat(onEveryShard(table, "SELECT has_table_privilege('" + StoreSchema.READER_ROLE
                    + "', '%s', 'SELECT')")).containsOnly("t");
        }
        assertThat(onEveryShard("chunks", "SELECT array_to_string(reloptions, ',') FROM pg_class WHERE oid = '%s'::regclass"))
                .containsOnly("toast_tuple_target=8160");
    }

    @Test
    void manyInstancesMigratingAtOnceApplyEachVersionOnce() throws Exception {
        String store = CitusCluster.freshDatabase("citus_migrate");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<StoreLayout>> starts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                starts.add(() -> StoreSchema.migrate(store, new StoreSettings(DIMS, 4)));
            }
            for (Future<StoreLayout> start : pool.invokeAll(starts)) {
                assertThat(start.get()).isEqualTo(StoreLayout.CITUS);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection connection = DriverManager.getConnection(store)) {
            assertThat(column(connection, """
                    SELECT version || ':' || success FROM vectorline_schema_history
                    WHERE version IS NOT NULL ORDER BY installed_rank""")).doesNotHaveDuplicates()
                    .allMatch(row -> row.endsWith(":true")).contains("6:true");
        }
    }

    @Test
    void forcingOneNodeOnDistributedTablesIsRefused() {
        assertThatThrownBy(() -> StoreSchema.migrate(url, new StoreSettings(DIMS, 4, LayoutChoice.ONE_NODE)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("are Citus tables");
    }

    @Test
    void theWritersAppendPathCopiesStraightIntoTheDistributedTables() throws SQLException {
        try (VectorStoreWriter writer = new VectorStoreWriter(() -> DriverManager.getConnection(url), RetryPolicy.defaults(), StoreLayout.CITUS, StoreTables.DEFAULT, true)) {
            writer.apply(pending(doc("t1", "a", 1, 2), doc("t2", "b", 1, 3)).documents());
            assertThat(writer.appendedFlushes()).isEqualTo(1);
        }
        assertThat(state("t1")).containsExactlyEntriesOf(Map.of("a", "1:2"));
        assertThat(state("t2")).containsExactlyEntriesOf(Map.of("b", "1:3"));
    }

    /** A reader role with rows of two tenants stored; its JDBC URL. */
    private String readerOfTwoTenants() throws SQLException {
        String role = "reader_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection owner = DriverManager.getConnection(url); Statement statement = owner.createStatement()) {
            // Citus creates the role, its membership and the grant on the workers too
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD 'reader'");
            statement.execute("GRANT " + StoreSchema.READER_ROLE + " TO " + role);
            statement.execute("GRANT INSERT ON documents TO " + role);
        }
        flush(doc("tenant-a", "a1", 1, 2), doc("tenant-a", "a2", 1, 1), doc("tenant-b", "b1", 1, 3));
        return url.replaceAll("user=[^&]*", "user=" + role).replaceAll("&password=[^&]*", "") + "&password=reader";
    }

    private static long countAs(Connection connection, String tenant, String sql) throws SQLException {
        connection.setAutoCommit(false);
        try {
            if (tenant != null) {
                TransactionSettings.apply(connection, Map.of(StoreSchema.TENANT_SETTING, tenant));
            }
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    @Test
    void aReaderSeesNothingWithoutATenantAndOnlyItsTenantWithOne() throws SQLException {
        try (Connection reader = DriverManager.getConnection(readerOfTwoTenants())) {
            assertThat(countAs(reader, null, "SELECT count(*) FROM documents")).isZero();
            assertThat(countAs(reader, null, "SELECT count(*) FROM chunks")).isZero();
            assertThat(countAs(reader, "tenant-a", "SELECT count(*) FROM documents")).isEqualTo(2);
            assertThat(countAs(reader, "tenant-a", "SELECT count(*) FROM chunks")).isEqualTo(3);
            assertThat(countAs(reader, "tenant-a", "SELECT count(*) FROM chunks WHERE tenant_id = 'tenant-b'")).isZero();
            assertThat(countAs(reader, "tenant-b", "SELECT count(DISTINCT tenant_id) FROM chunks")).isEqualTo(1);
        }
    }

    @Test
    void aReaderCannotWriteAnotherTenantsRow() throws SQLException {
        try (Connection reader = DriverManager.getConnection(readerOfTwoTenants())) {
            reader.setAutoCommit(false);
            TransactionSettings.apply(reader, Map.of(StoreSchema.TENANT_SETTING, "tenant-a"));
            try (Statement statement = reader.createStatement()) {
                assertThatThrownBy(() -> statement.execute("""
                        INSERT INTO documents (tenant_id, doc_id, version, event_time, chunk_count)
                        VALUES ('tenant-b', 'forged', 1, now(), 0)"""))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("row-level security");
            } finally {
                reader.rollback();
            }
        }
    }

    @Test
    void searchAsAReaderIsScopedToTheTenantItAsksFor() throws SQLException {
        try (Connection reader = DriverManager.getConnection(readerOfTwoTenants())) {
            ChunkSearch search = new ChunkSearch(reader);
            assertThat(search.topK("tenant-a", new float[] {1, 1, 0.5f, -1.25f}, 10))
                    .extracting(ChunkSearch.Hit::docId).containsOnly("a1", "a2").hasSize(3);
            assertThat(search.topK("tenant-b", new float[] {1, 1, 0.5f, -1.25f}, 10))
                    .extracting(ChunkSearch.Hit::docId).containsOnly("b1").hasSize(3);
            assertThat(countAs(reader, null, "SELECT count(*) FROM documents")).as("the setting ends with the search")
                    .isZero();
        }
    }

    @Test
    void transactionSettingsReachTheWorkerThatRunsTheQuery() throws SQLException {
        flush(doc("t1", "a", 1, 1));
        reader.setAutoCommit(false);
        try {
            TransactionSettings.apply(reader, Map.of("hnsw.ef_search", "37", StoreSchema.TENANT_SETTING, "t1"));
            // a router query: the worker evaluates current_setting() in its part of the transaction
            assertThat(column(reader, """
                    SELECT current_setting('hnsw.ef_search') || ' ' || current_setting('app.tenant_id')
                    FROM chunks WHERE tenant_id = 't1'""")).containsExactly("37 t1");
        } finally {
            reader.rollback();
            reader.setAutoCommit(true);
        }
    }

    @Test
    void hnswIsBuiltOnEveryShardOnceAndDroppedAgain() throws SQLException {
        flush(doc("t1", "a", 1, 3), doc("t2", "b", 1, 3));
        ConnectionFactory connections = ConnectionFactory.of(url);
        List<VectorIndexes.Progress> progress = new CopyOnWriteArrayList<>();
        List<String> built = VectorIndexes.build(connections, VectorIndexes.HnswSettings.defaults(), progress::add);
        assertThat(built).containsExactly("chunks_embedding_hnsw");
        assertThat(progress).as("shards counted while building, ending with all of them").isNotEmpty()
                .last().isEqualTo(new VectorIndexes.Progress("chunks_embedding_hnsw", 8, 8, "shards"));
        assertThat(progress).extracting(VectorIndexes.Progress::built).isSorted();
        assertThat(VectorIndexes.build(connections, VectorIndexes.HnswSettings.defaults(), p -> {})).isEqualTo(built);
        assertThat(column(reader, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'chunks_embedding_hnsw'::regclass"))
                .containsExactly("t");
        assertThat(onEveryShard("chunks", """
                SELECT count(*) FROM pg_index i JOIN pg_am a ON a.oid = (SELECT relam FROM pg_class WHERE oid = i.indexrelid)
                WHERE i.indrelid = '%s'::regclass AND a.amname = 'hnsw' AND i.indisvalid""")).containsOnly("1");
        assertThat(VectorIndexes.drop(connections)).containsExactly("chunks_embedding_hnsw");
        assertThat(onEveryShard("chunks", "SELECT count(*) FROM pg_index WHERE indrelid = '%s'::regclass"))
                .as("the primary key only").containsOnly("1");
    }
}

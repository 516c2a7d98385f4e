package io.vectorline.sink.internal;

import static io.vectorline.store.StoreFixtures.doc;
import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.store.ChunkSearch;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.StoreTables;
import io.vectorline.store.StoredState;
import io.vectorline.store.Tenants;
import io.vectorline.store.jdbc.RetryPolicy;
import io.vectorline.testing.CitusCluster;
import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Whole tenants and their placement: listed with where they live, erased everywhere with a proof;
 * on Citus moved to a shard of their own and to a chosen worker, and spread over a worker added
 * and rebalanced, while a writer flushes new versions and a reader searches.
 */
class TenantsIT {
    private static final int DIMS = 4;
    private static final List<String> TENANTS = List.of("t1", "t2", "t3", "t4", "t5", "t6");

    private static String store(String url) throws SQLException {
        StoreSchema.migrate(url, new StoreSettings(DIMS, 4));
        try (VectorStoreWriter writer = writer(url)) {
            PendingWrites pending = new PendingWrites();
            for (String tenant : TENANTS) {
                for (int d = 0; d < 5; d++) {
                    pending.add(doc(tenant, "d" + d, 1, 2));
                }
            }
            writer.apply(pending.documents());
        }
        return url;
    }

    private static VectorStoreWriter writer(String url) throws SQLException {
        StoreLayout layout = StoreSchema.verify(url, new StoreSettings(DIMS, 4));
        return new VectorStoreWriter(() -> DriverManager.getConnection(url), RetryPolicy.defaults(), layout,
                StoreTables.DEFAULT, false);
    }

    @Test
    void erasingATenantOnOneNodeRemovesItsRowsFromEveryPartitionAndNothingElse() throws SQLException {
        String url = store(TestServices.freshDatabase("tenants"));
        try (Connection connection = DriverManager.getConnection(url)) {
            Tenants tenants = new Tenants(connection);
            assertThat(tenants.list()).extracting(Tenants.Placement::tenantId).containsExactlyElementsOf(TENANTS);
            assertThat(tenants.list().get(0).location()).startsWith("documents_p");

            Tenants.Erasure erasure = tenants.erase("t2");

            assertThat(erasure.erased()).isEqualTo(5 + 10);
            assertThat(erasure.after()).isEmpty();
            assertThat(StoredState.of(connection, "t2")).isEmpty();
            assertThat(tenants.list()).extracting(Tenants.Placement::tenantId).doesNotContain("t2").hasSize(5);
        }
    }

    /** A writer flushing new versions of t1/d0 and t3/d0, and a reader searching t1, until stopped. */
    private static final class WritesAndSearches implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger searches = new AtomicInteger();
        private final AtomicInteger versions = new AtomicInteger(1);
        private final ExecutorService threads = Executors.newFixedThreadPool(2);
        private final Future<?> writes;
        private final Future<?> reads;

        WritesAndSearches(String url) {
            writes = threads.submit(() -> {
                try (VectorStoreWriter writer = writer(url)) {
                    while (running.get()) {
                        int version = versions.incrementAndGet();
                        PendingWrites pending = new PendingWrites();
                        pending.add(doc("t1", "d0", version, 3));
                        pending.add(doc("t3", "d0", version, 3));
                        writer.apply(pending.documents());
                    }
                }
                return null;
            });
            reads = threads.submit(() -> {
                try (Connection reader = DriverManager.getConnection(url)) {
                    ChunkSearch search = new ChunkSearch(reader);
                    while (running.get()) {
                        assertThat(search.topK("t1", new float[] {1, 1, 0.5f, -1.25f}, 3)).hasSize(3);
                        searches.incrementAndGet();
                    }
                }
                return null;
            });
        }

        /** Stops both, failing if either failed; the state the writer must have left. */
        String stop() throws Exception {
            running.set(false);
            writes.get(1, TimeUnit.MINUTES);
            reads.get(1, TimeUnit.MINUTES);
            assertThat(searches).as("searches ran all along").hasPositiveValue();
            return versions.get() + ":3";
        }

        @Override
        public void close() {
            running.set(false);
            threads.shutdownNow();
        }
    }

    @Test
    @EnabledIf(value = "io.vectorline.testing.CitusCluster#available", disabledReason = CitusCluster.UNAVAILABLE)
    void onCitusATenantIsIsolatedPlacedAndErasedWhileWritesAndSearchesGoOn() throws Exception {
        String url = store(CitusCluster.freshDatabase("tenants"));
        try (Connection connection = DriverManager.getConnection(url);
                WritesAndSearches load = new WritesAndSearches(url)) {
            Tenants tenants = new Tenants(connection);
            assertThat(tenants.layout()).isEqualTo(StoreLayout.CITUS);

            String shared = tenants.location("t1");
            long own = tenants.isolate("t1");
            String isolated = tenants.location("t1");
            assertThat(isolated).startsWith(own + " on ").isNotEqualTo(shared);
            String target = workers(connection).stream().filter(w -> !isolated.endsWith(" on " + w)).findFirst()
                    .orElseThrow();
            tenants.place("t1", target.substring(0, target.lastIndexOf(':')),
                    Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)));
            assertThat(tenants.location("t1")).isEqualTo(own + " on " + target);
            Tenants.Erasure erasure = tenants.erase("t2");
            String latest = load.stop();

            assertThat(erasure.before()).as("every shard of both tables was asked").hasSizeGreaterThan(2 * 8);
            assertThat(erasure.after().keySet()).isEqualTo(erasure.before().keySet());
            assertThat(erasure.erased()).isEqualTo(5 + 10);
            assertThat(erasure.after().values()).containsOnly(0L);
            assertThat(StoredState.of(connection, "t2")).isEmpty();
            assertThat(StoredState.of(connection, "t1")).as("nothing the writer stored was lost")
                    .containsEntry("d0", latest).hasSize(5);
            assertThat(StoredState.of(connection, "t3")).containsEntry("d0", latest).hasSize(5);
        }
    }

    @Test
    @EnabledIf(value = "io.vectorline.testing.CitusCluster#available", disabledReason = CitusCluster.UNAVAILABLE)
    void onCitusAWorkerAddedAndRebalancedWhileWritesAndSearchesGoOnLosesNothing() throws Exception {
        String url = store(CitusCluster.freshDatabaseOnOneWorker("rebalance"));
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                WritesAndSearches load = new WritesAndSearches(url)) {
            assertThat(workersHoldingShards(statement)).isEqualTo(1);
            int added = CitusCluster.addOtherWorkers(url);
            // the staging tables are UNLOGGED, which logical replication cannot move
            statement.execute("SELECT citus_rebalance_start(shard_transfer_mode => 'block_writes')");
            // bounded: a rebalance whose background job cannot start (no worker process free) waits forever
            statement.setQueryTimeout(300);
            statement.execute("SELECT citus_rebalance_wait()");
            String latest = load.stop();

            assertThat(workersHoldingShards(statement)).isEqualTo(1 + added);
            for (String tenant : TENANTS) {
                assertThat(StoredState.of(connection, tenant)).as(tenant).hasSize(5);
            }
            assertThat(StoredState.of(connection, "t1")).containsEntry("d0", latest);
            assertThat(StoredState.of(connection, "t3")).containsEntry("d0", latest);
        }
    }

    private static long workersHoldingShards(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT count(DISTINCT nodeport) FROM citus_shards"
                + " WHERE table_name = 'chunks'::regclass")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> workers(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT nodename || ':' || nodeport FROM pg_dist_node"
                        + " WHERE groupid <> 0 ORDER BY nodeport")) {
            List<String> workers = new ArrayList<>();
            while (rs.next()) {
                workers.add(rs.getString(1));
            }
            return workers;
        }
    }
}

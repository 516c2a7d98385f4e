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
import java.sql.Statement;
import java.util.ArrayList;
import java.sql.SQLException;
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
 * Whole tenants: listed with where they live, erased everywhere with a proof, and on Citus moved to
 * a shard of their own and to a chosen worker while a writer flushes new versions and searches run.
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

    @Test
    @EnabledIf(value = "io.vectorline.testing.CitusCluster#available", disabledReason = CitusCluster.UNAVAILABLE)
    void onCitusATenantIsIsolatedPlacedAndErasedWhileWritesAndSearchesGoOn() throws Exception {
        String url = store(CitusCluster.freshDatabase("tenants"));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger searches = new AtomicInteger();
        AtomicInteger versions = new AtomicInteger(1);
        ExecutorService load = Executors.newFixedThreadPool(2);
        try (Connection connection = DriverManager.getConnection(url)) {
            Tenants tenants = new Tenants(connection);
            assertThat(tenants.layout()).isEqualTo(StoreLayout.CITUS);
            Future<?> writes = load.submit(() -> {
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
            Future<?> reads = load.submit(() -> {
                try (Connection reader = DriverManager.getConnection(url)) {
                    ChunkSearch search = new ChunkSearch(reader);
                    while (running.get()) {
                        assertThat(search.topK("t1", new float[] {1, 1, 0.5f, -1.25f}, 3)).hasSize(3);
                        searches.incrementAndGet();
                    }
                }
                return null;
            });

            String shared = tenants.location("t1");
            long own = tenants.isolate("t1");
            assertThat(tenants.location("t1")).startsWith(own + " on ").isNotEqualTo(shared);
            String isolated = tenants.location("t1");
            String target = workers(connection).stream().filter(w -> !isolated.endsWith(" on " + w)).findFirst()
                    .orElseThrow();
            tenants.place("t1", target.substring(0, target.lastIndexOf(':')),
                    Integer.parseInt(target.substring(target.lastIndexOf(':') + 1)));
            assertThat(tenants.location("t1")).isEqualTo(own + " on " + target);

            Tenants.Erasure erasure = tenants.erase("t2");
            running.set(false);
            writes.get(1, TimeUnit.MINUTES);
            reads.get(1, TimeUnit.MINUTES);

            assertThat(searches).as("searches ran all along").hasPositiveValue();
            assertThat(erasure.before()).as("every shard of both tables was asked").hasSizeGreaterThan(2 * 8);
            assertThat(erasure.after().keySet()).isEqualTo(erasure.before().keySet());
            assertThat(erasure.erased()).isEqualTo(5 + 10);
            assertThat(erasure.after().values()).containsOnly(0L);
            assertThat(StoredState.of(connection, "t2")).isEmpty();
            String latest = versions.get() + ":3";
            assertThat(StoredState.of(connection, "t1")).as("nothing the writer stored was lost")
                    .containsEntry("d0", latest).hasSize(5);
            assertThat(StoredState.of(connection, "t3")).containsEntry("d0", latest).hasSize(5);
        } finally {
            running.set(false);
            load.shutdownNow();
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

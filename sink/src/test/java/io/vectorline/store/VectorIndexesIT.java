package io.vectorline.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.pgvector.PGvector;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** HNSW per partition: built after the load, used by tenant-filtered search, and as good as exact search. */
class VectorIndexesIT {
    private static final int DIMS = 64;
    private static final int TENANTS = 20;
    private static final int DOCS_PER_TENANT = 20;
    private static final int CHUNKS_PER_DOC = 55;
    private static final int K = 10;

    private final Random random = new Random(11);
    private final float[][] centers = new float[300][];

    @Test
    void tenantFilteredHnswSearchRecallsWhatExactSearchFinds() throws SQLException {
        String url = TestServices.freshDatabase("hnsw");
        for (int c = 0; c < centers.length; c++) {
            centers[c] = gaussian(1.0f);
        }
        StoreSchema.migrate(url, new StoreSettings(DIMS, 4));
        load(url);
        try (Connection connection = DriverManager.getConnection(url)) {
            assertThat(count(connection, "chunks")).isGreaterThanOrEqualTo(20_000);
            ConnectionFactory connections = ConnectionFactory.of(url);
            List<VectorIndexes.Progress> progress = new ArrayList<>();
            List<String> built = VectorIndexes.build(connections, VectorIndexes.HnswSettings.defaults(), progress::add);
            assertThat(built).hasSize(4);
            assertThat(progress).extracting(VectorIndexes.Progress::toString).containsExactly(
                    "chunks_p0_embedding_hnsw: 1/4 partitions", "chunks_p1_embedding_hnsw: 2/4 partitions",
                    "chunks_p2_embedding_hnsw: 3/4 partitions", "chunks_p3_embedding_hnsw: 4/4 partitions");
            assertThat(VectorIndexes.build(connections, VectorIndexes.HnswSettings.defaults(), p -> {}))
                    .as("building again is a no-op").isEqualTo(built);
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE chunks");
                // with ~1k rows a tenant, reading the tenant's rows by primary key and sorting is
                // exact and cheap, and the planner rightly prefers it; force the index to measure it
                statement.execute("SET enable_bitmapscan = off");
                statement.execute("SET enable_seqscan = off");
            }
            assertThat(explainSearch(connection)).contains("_embedding_hnsw");

            ChunkSearch search = new ChunkSearch(connection);
            double found = 0;
            int queries = 0;
            for (int t = 0; t < TENANTS; t += 2) {
                for (int q = 0; q < 10; q++) {
                    float[] query = near(centers[random.nextInt(centers.length)]);
                    Set<String> approximate = new HashSet<>();
                    search.topK("tenant-" + t, query, K).forEach(h -> approximate.add(h.docId() + "#" + h.chunkNo()));
                    Set<String> exact = exactTopK(connection, "tenant-" + t, query);
                    assertThat(exact).hasSize(K);
                    approximate.retainAll(exact);
                    found += approximate.size();
                    queries++;
                }
            }
            double recall = found / (queries * K);
            System.out.printf("recall@%d of tenant-filtered HNSW over %d chunks: %.3f (%d queries)%n", K,
                    count(connection, "chunks"), recall, queries);
            assertThat(recall).isGreaterThanOrEqualTo(0.95);

            assertThat(VectorIndexes.drop(connections)).hasSize(4);
            assertThat(explainSearch(connection)).doesNotContain("_embedding_hnsw");
        }
    }

    private void load(String url) throws SQLException {
        for (int t = 0; t < TENANTS; t++) {
            List<DocumentUpsert> documents = new ArrayList<>();
            for (int d = 0; d < DOCS_PER_TENANT; d++) {
                List<EmbeddedChunk> chunks = new ArrayList<>();
                for (int c = 0; c < CHUNKS_PER_DOC; c++) {
                    chunks.add(new EmbeddedChunk(c, "chunk " + c, new byte[] {1},
                            near(centers[random.nextInt(centers.length)])));
                }
                documents.add(DocumentWrite.upsert("tenant-" + t, "doc-" + d, 1, null, Map.of(), null,
                        Instant.EPOCH, "test-model", chunks));
            }
            StoreFixtures.insert(url, documents);
        }
    }

    private Set<String> exactTopK(Connection connection, String tenant, float[] query) throws SQLException {
        Set<String> ids = new HashSet<>();
        connection.setAutoCommit(false);
        try (Statement off = connection.createStatement();
                PreparedStatement statement = connection.prepareStatement("""
                        SELECT doc_id, chunk_no FROM chunks WHERE tenant_id = ?
                        ORDER BY embedding <=> ? LIMIT ?""")) {
            off.execute("SET LOCAL enable_indexscan = off");
            off.execute("SET LOCAL enable_seqscan = on");
            statement.setString(1, tenant);
            statement.setObject(2, new PGvector(query));
            statement.setInt(3, K);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1) + "#" + rs.getInt(2));
                }
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        return ids;
    }

    private String explainSearch(Connection connection) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement statement = connection.prepareStatement("""
                EXPLAIN SELECT doc_id FROM chunks WHERE tenant_id = 'tenant-3'
                ORDER BY embedding <=> ? LIMIT 10""")) {
            statement.setObject(1, new PGvector(gaussian(1)));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private float[] near(float[] center) {
        float[] noise = gaussian(0.35f);
        for (int i = 0; i < DIMS; i++) {
            noise[i] += center[i];
        }
        return noise;
    }

    private float[] gaussian(float scale) {
        float[] v = new float[DIMS];
        for (int i = 0; i < DIMS; i++) {
            v[i] = (float) random.nextGaussian() * scale;
        }
        return v;
    }
}

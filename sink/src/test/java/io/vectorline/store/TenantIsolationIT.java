package io.vectorline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Row-level security: a reader sees only the tenant it sets, and nothing without one. */
class TenantIsolationIT {
    private String ownerUrl;
    private String readerUrl;

    @BeforeEach
    void storeTwoTenants() throws SQLException {
        ownerUrl = TestServices.freshDatabase("rls");
        String reader = "reader_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection owner = DriverManager.getConnection(ownerUrl); Statement statement = owner.createStatement()) {
            StoreSchema.migrate(ownerUrl, new StoreSettings(4, 4));
            statement.execute("CREATE ROLE " + reader + " LOGIN PASSWORD 'reader' IN ROLE " + StoreSchema.READER_ROLE);
            // a role that may also write, to show the policy's WITH CHECK
            statement.execute("GRANT INSERT ON documents TO " + reader);
        }
        StoreFixtures.insert(ownerUrl, List.of(StoreFixtures.doc("tenant-a", "a1", 1, 2),
                StoreFixtures.doc("tenant-a", "a2", 1, 1), StoreFixtures.doc("tenant-b", "b1", 1, 3)));
        readerUrl = ownerUrl.replaceAll("user=[^&]*", "user=" + reader).replaceAll("&password=[^&]*", "")
                + "&password=reader";
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void setTenant(Connection connection, String tenant) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET app.tenant_id = '" + tenant + "'");
        }
    }

    @Test
    void noTenantSetMeansNoRows() throws SQLException {
        try (Connection reader = DriverManager.getConnection(readerUrl)) {
            assertThat(count(reader, "SELECT count(*) FROM documents")).isZero();
            assertThat(count(reader, "SELECT count(*) FROM chunks")).isZero();
        }
    }

    @Test
    void aTenantSeesOnlyItsOwnRows() throws SQLException {
        try (Connection reader = DriverManager.getConnection(readerUrl)) {
            setTenant(reader, "tenant-a");
            assertThat(count(reader, "SELECT count(*) FROM documents")).isEqualTo(2);
            assertThat(count(reader, "SELECT count(*) FROM chunks")).isEqualTo(3);
            assertThat(count(reader, "SELECT count(*) FROM chunks WHERE tenant_id = 'tenant-b'")).isZero();
            setTenant(reader, "tenant-b");
            assertThat(count(reader, "SELECT count(*) FROM chunks")).isEqualTo(3);
            assertThat(count(reader, "SELECT count(DISTINCT tenant_id) FROM chunks")).isEqualTo(1);
        }
    }

    @Test
    void writingAnotherTenantsRowIsRefused() throws SQLException {
        try (Connection reader = DriverManager.getConnection(readerUrl); Statement statement = reader.createStatement()) {
            setTenant(reader, "tenant-a");
            assertThatThrownBy(() -> statement.execute("""
                    INSERT INTO documents (tenant_id, doc_id, version, event_time, chunk_count)
                    VALUES ('tenant-b', 'forged', 1, now(), 0)"""))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("row-level security");
        }
    }

    @Test
    void searchAsAReaderIsScopedToTheTenantItAsksFor() throws SQLException {
        try (Connection reader = DriverManager.getConnection(readerUrl)) {
            ChunkSearch search = new ChunkSearch(reader);
            assertThat(search.topK("tenant-a", new float[] {1, 1, 0.5f, -1.25f}, 10))
                    .extracting(ChunkSearch.Hit::docId).containsOnly("a1", "a2").hasSize(3);
            assertThat(search.topK("tenant-b", new float[] {1, 1, 0.5f, -1.25f}, 10))
                    .extracting(ChunkSearch.Hit::docId).containsOnly("b1").hasSize(3);
            assertThat(count(reader, "SELECT count(*) FROM documents")).as("the setting ends with the search").isZero();
        }
    }
}

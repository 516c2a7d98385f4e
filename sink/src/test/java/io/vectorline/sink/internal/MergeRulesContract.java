package io.vectorline.sink.internal;

import static io.vectorline.store.StoreFixtures.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pgvector.PGvector;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.store.StoreFixtures;
import io.vectorline.store.StoredState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rules every flush follows, whatever stages and merges it: stored exactly, newer versions
 * win, deletes remove, a replay changes nothing, a failed flush leaves nothing, concurrent flushes
 * do not see each other's staged rows. Subclasses say how a store is made and how a flush runs.
 */
abstract class MergeRulesContract {
    static final int DIMS = 4;

    String url;
    Connection reader;

    /** A new database with the schema in place; its JDBC URL. */
    abstract String newStore() throws SQLException;

    /** Applies one flush in the given transaction (auto-commit off) without committing. */
    abstract void merge(Connection connection, PendingWrites writes) throws SQLException;

    @BeforeEach
    void openStore() throws SQLException {
        url = newStore();
        reader = DriverManager.getConnection(url);
    }

    @AfterEach
    void closeStore() throws SQLException {
        reader.close();
    }

    void flush(DocumentWrite... writes) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            merge(connection, pending(writes));
            connection.commit();
        }
    }

    static PendingWrites pending(DocumentWrite... writes) {
        PendingWrites pending = new PendingWrites();
        for (DocumentWrite write : writes) {
            pending.add(write);
        }
        return pending;
    }

    long count(String table) throws SQLException {
        return StoredState.count(reader, table);
    }

    Map<String, String> state(String tenant) throws SQLException {
        return StoredState.of(reader, tenant);
    }

    @Test
    void storesEveryFieldExactly() throws SQLException {
        flush(doc("t1", "a", 3, 2).read("The body — ünïcode", null));
        try (Statement statement = reader.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT d.title, d.metadata->>'k', d.source_uri, d.event_time, c.content, c.content_hash,
                               c.embedding, c.model_id, d.body
                        FROM documents d JOIN chunks c USING (tenant_id, doc_id)
                        WHERE d.tenant_id = 't1' AND c.chunk_no = 1""")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("Title a");
            assertThat(rs.getString(2)).isEqualTo("v\"3");
            assertThat(rs.getString(3)).isEqualTo("s3://bucket/a");
            assertThat(rs.getTimestamp(4).toInstant()).isEqualTo(Instant.parse("2026-01-02T03:04:05.678901Z"));
            assertThat(rs.getString(5)).isEqualTo("a v3 chunk 1 — ünïcode");
            assertThat(rs.getBytes(6)).containsExactly(1, 3);
            assertThat(new PGvector(rs.getString(7)).toArray()).containsExactly(1f, 3f, 0.5f, -1.25f);
            assertThat(rs.getString(8)).isEqualTo("test-model");
            assertThat(rs.getString(9)).isEqualTo("The body — ünïcode");
        }
        flush(doc("t1", "long", 1, 1).read("A long body of vectors and shards. ".repeat(1_000), null));
        try (Statement statement = reader.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT pg_column_compression(body) FROM documents WHERE doc_id = 'long'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).as("a body TOAST compresses").isEqualTo("lz4");
        }
    }

    @Test
    void theSameVersionCutAgainFromItsBodyReplacesItsChunksAndFromAnotherBodyIsIgnored() throws SQLException {
        flush(cut("a", 3, 2, "the body", 1), cut("b", 3, 2, "the body", 1));
        flush(cut("a", 3, 4, "the body", 2), cut("b", 3, 2, "the body", 1));
        assertThat(state("t1")).as("a cut again; b as it was").containsExactlyEntriesOf(
                new TreeMap<>(Map.of("a", "3:4", "b", "3:2")));
        flush(cut("a", 3, 1, "another body", 3));
        assertThat(state("t1")).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", "3:4", "b", "3:2")));
    }

    /** A version of t1's {@code id} cut from {@code body} into {@code chunks}, its content hash {@code hash}. */
    private static DocumentUpsert cut(String id, long version, int chunks, String body, int hash) {
        DocumentUpsert doc = doc("t1", id, version, chunks);
        return DocumentWrite.upsert(doc.tenantId(), id, version, doc.title(), doc.metadata(), doc.sourceUri(),
                doc.eventTime(), doc.modelId(), doc.chunks(), new byte[] {(byte) hash}, chunks).read(body, null);
    }

    @Test
    void chunksNotListedStayAsStoredAndMovedOnesTakeTheirStoredVector() throws SQLException {
        flush(StoreFixtures.doc("t1", "a", 1, 3));
        EmbeddedChunk changed = new EmbeddedChunk(1, "new text", new byte[] {9}, new float[] {9, 9, 9, 9});
        EmbeddedChunk moved = new EmbeddedChunk(2, "a v1 chunk 1 — ünïcode", new byte[] {1, 1}, null);
        flush(DocumentWrite.upsert("t1", "a", 2, "Title a", Map.of(), null, Instant.EPOCH, "test-model",
                List.of(changed, moved), new byte[] {7}, 3));

        List<String> rows = new ArrayList<>();
        try (Statement statement = reader.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT chunk_no, version, content, embedding::text FROM chunks
                        WHERE tenant_id = 't1' AND doc_id = 'a' ORDER BY chunk_no""")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " v" + rs.getLong(2) + " " + rs.getString(3) + " " + rs.getString(4));
            }
        }
        assertThat(rows).containsExactly(
                "0 v1 a v1 chunk 0 — ünïcode [0,1,0.5,-1.25]",
                "1 v2 new text [9,9,9,9]",
                "2 v2 a v1 chunk 1 — ünïcode [1,1,0.5,-1.25]");
        try (Statement statement = reader.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version, chunk_count, content_hash FROM documents")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(2);
            assertThat(rs.getInt(2)).isEqualTo(3);
            assertThat(rs.getBytes(3)).containsExactly(7);
        }
    }

    @Test
    void newerVersionsReplaceOlderOnesAndStaleOnesAreIgnored() throws SQLException {
        flush(doc("t1", "a", 1, 3), doc("t1", "b", 5, 2), doc("t2", "a", 1, 1));
        flush(doc("t1", "a", 2, 1), doc("t1", "b", 4, 7), doc("t1", "b", 5, 9));
        assertThat(state("t1")).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", "2:1", "b", "5:2")));
        assertThat(state("t2")).containsExactlyEntriesOf(Map.of("a", "1:1"));
    }

    @Test
    void deletesRemoveTheDocumentAndItsChunksAndOnlyANewerVersionBringsItBack() throws SQLException {
        flush(doc("t1", "a", 4, 2), doc("t1", "b", 4, 2), doc("t1", "c", 4, 2), doc("t2", "a", 4, 2));
        flush(DocumentWrite.delete("t1", "a"), DocumentWrite.delete("t1", "b"), doc("t1", "b", 1, 1),
                DocumentWrite.delete("t1", "c"), doc("t1", "c", 5, 1), DocumentWrite.delete("t1", "never-existed"));
        assertThat(state("t1")).as("b v1 is older than the deleted v4").containsExactlyEntriesOf(Map.of("c", "5:1"));
        flush(doc("t1", "a", 4, 2), doc("t1", "b", 5, 3), doc("t1", "d", 3, 1),
                DocumentWrite.delete("t1", "d").ofVersion(3));
        flush(doc("t1", "d", 2, 1));
        assertThat(state("t1")).as("d v3 and its deletion met in one flush: v3 is remembered")
                .containsExactlyEntriesOf(new TreeMap<>(Map.of("b", "5:3", "c", "5:1")));
        assertThat(state("t2")).containsExactlyEntriesOf(Map.of("a", "4:2"));
    }

    @Test
    void aReplayedDeletionRemovesOnlyAVersionRecordedBeforeIt() throws SQLException {
        Instant recorded = Instant.parse("2026-03-04T05:06:07.123Z");
        flush(doc("t1", "a", 4, 2).read(null, recorded), doc("t1", "b", 4, 2).read(null, recorded),
                doc("t1", "c", 4, 2));
        flush(DocumentWrite.replayedDelete("t1", "a", recorded), DocumentWrite.replayedDelete("t1", "b",
                recorded.plusMillis(1)), DocumentWrite.replayedDelete("t1", "c", recorded));
        assertThat(state("t1")).as("a was recorded with the tombstone, so maybe after; c's record time is unknown")
                .containsExactlyEntriesOf(Map.of("a", "4:2"));
        flush(doc("t1", "b", 3, 1));
        assertThat(state("t1")).containsExactlyEntriesOf(Map.of("a", "4:2"));
    }

    @Test
    void replayingAFlushChangesNothing() throws SQLException {
        DocumentWrite[] writes = {doc("t1", "a", 1, 2), doc("t1", "a", 2, 3), DocumentWrite.delete("t1", "c")};
        flush(writes);
        Map<String, String> once = state("t1");
        flush(writes);
        assertThat(state("t1")).isEqualTo(once).containsExactlyEntriesOf(Map.of("a", "2:3"));
    }

    @Test
    void aFailedFlushLeavesNothingBehind() throws SQLException {
        DocumentWrite good = doc("t1", "good", 1, 2);
        DocumentWrite wrongDimension = DocumentWrite.upsert("t1", "bad", 1, null, Map.of(), null, Instant.EPOCH,
                "test-model", List.of(new EmbeddedChunk(0, "x", new byte[0], new float[] {1, 2})));
        assertThatThrownBy(() -> flush(good, wrongDimension))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("expected 4 dimensions");
        assertThat(state("t1")).isEmpty();
        flush(good);
        assertThat(state("t1")).containsExactlyEntriesOf(Map.of("good", "1:2"));
    }

    /** A tenant whose rows are stored apart from {@code tenant}'s (on another shard on Citus). */
    String tenantApartFrom(String tenant) throws SQLException {
        return tenant + "-apart";
    }

    /** A flush on its own thread and connection, as each sink subtask flushes; committed when done. */
    private Future<?> flushElsewhere(ExecutorService thread, Connection connection, PendingWrites writes) {
        return thread.submit(() -> {
            merge(connection, writes);
            connection.commit();
            return null;
        });
    }

    private Connection inTransaction() throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        connection.setAutoCommit(false);
        return connection;
    }

    @Test
    void concurrentFlushesMergeOnlyTheirOwnDocuments() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection first = inTransaction(); Connection second = inTransaction()) {
            merge(first, pending(doc("t1", "a", 1, 2), doc("t2", "x", 1, 1)));
            // may wait for the first flush's locks on t1's rows or shard, until it commits
            Future<?> secondFlush = flushElsewhere(thread, second, pending(doc("t1", "b", 1, 3), doc("t3", "y", 1, 1)));
            assertThat(state("t1")).as("the first flush is not committed yet").doesNotContainKey("a");
            first.commit();
            secondFlush.get(1, TimeUnit.MINUTES);
        } finally {
            thread.shutdownNow();
        }
        assertThat(state("t1")).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", "1:2", "b", "1:3")));
        assertThat(state("t2")).containsExactlyEntriesOf(Map.of("x", "1:1"));
        assertThat(state("t3")).containsExactlyEntriesOf(Map.of("y", "1:1"));
    }

    @Test
    void flushesOfTenantsStoredApartRunSideBySide() throws Exception {
        String apart = tenantApartFrom("t1");
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try (Connection first = inTransaction(); Connection second = inTransaction()) {
            merge(first, pending(doc("t1", "a", 1, 2)));
            flushElsewhere(thread, second, pending(doc(apart, "b", 1, 1))).get(30, TimeUnit.SECONDS);
            assertThat(state(apart)).as("stored while the first flush is still open").containsKey("b");
            first.commit();
        } finally {
            thread.shutdownNow();
        }
        assertThat(state("t1")).containsExactlyEntriesOf(Map.of("a", "1:2"));
    }
}

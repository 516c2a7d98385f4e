package io.vectorline.sink.internal;

import static io.vectorline.store.StoreFixtures.doc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.store.ChunkSearch;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.StoreTables;
import io.vectorline.store.StoredState;
import io.vectorline.store.jdbc.RetryPolicy;
import io.vectorline.store.jdbc.SqlFailure;
import io.vectorline.testing.TestServices;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer against a real PostgreSQL with pgvector: append path, failures, retries, search and
 * planning. The flush rules themselves are {@link MergeRulesContract}'s, run by {@link OneNodeMergeIT}.
 */
class VectorStoreWriterIT {
    private static final int DIMS = 4;
    private String url;
    private VectorStoreWriter writer;
    private Connection reader;

    @BeforeEach
    void openStore() throws SQLException {
        url = TestServices.freshDatabase("writer");
        StoreSchema.migrate(url, new StoreSettings(DIMS, 4));
        writer = new VectorStoreWriter(() -> DriverManager.getConnection(url), RetryPolicy.defaults(), StoreLayout.ONE_NODE, StoreTables.DEFAULT, true);
        reader = DriverManager.getConnection(url);
    }

    @AfterEach
    void close() throws SQLException {
        writer.close();
        reader.close();
    }

    private void flush(DocumentWrite... writes) throws SQLException {
        flush(writer, writes);
    }

    private static void flush(VectorStoreWriter target, DocumentWrite... writes) throws SQLException {
        PendingWrites pending = new PendingWrites();
        for (DocumentWrite write : writes) {
            pending.add(write);
        }
        target.apply(pending.documents());
    }

    private long count(String table) throws SQLException {
        return StoredState.count(reader, table);
    }

    private Map<String, String> state(String tenant) throws SQLException {
        return StoredState.of(reader, tenant);
    }

    @Test
    void firstLoadsAppendAndTheFirstExistingDocumentSwitchesToMerging() throws SQLException {
        flush(doc("t1", "a", 1, 2), doc("t1", "b", 1, 2));
        flush(doc("t2", "c", 1, 1));
        assertThat(writer.appendedFlushes()).isEqualTo(2);
        // "a" exists: the append is rolled back to its savepoint and the flush merges instead
        flush(doc("t1", "a", 2, 1), doc("t1", "d", 1, 3));
        flush(doc("t3", "e", 1, 1));
        assertThat(writer.appendedFlushes()).isEqualTo(2);
        assertThat(writer.mergedFlushes()).isEqualTo(2);
        assertThat(state("t1")).containsExactlyEntriesOf(new TreeMap<>(Map.of("a", "2:1", "b", "1:2", "d", "1:3")));
        assertThat(state("t2")).containsExactlyEntriesOf(Map.of("c", "1:1"));
        assertThat(state("t3")).containsExactlyEntriesOf(Map.of("e", "1:1"));
    }

    @Test
    void aFailedFlushLeavesNothingBehindAndTheConnectionStaysUsable() throws SQLException {
        DocumentWrite good = doc("t1", "good", 1, 2);
        assertThatThrownBy(() -> flush(good, wrongDimension("t1", "bad")))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("failed (DATA, attempt 1)")
                .hasMessageContaining("expected 4 dimensions");
        assertThat(state("t1")).isEmpty();
        flush(good);
        assertThat(state("t1")).containsExactlyEntriesOf(Map.of("good", "1:2"));
    }

    @Test
    void documentsTheDatabaseRefusesAreSingledOutAndAllOthersLand() throws SQLException {
        PendingWrites pending = new PendingWrites();
        for (int i = 0; i < 13; i++) {
            pending.add(i == 3 || i == 9 ? wrongDimension("t1", "d" + i) : doc("t1", "d" + i, 1, 2));
        }

        RefusalPolicy refusals = new RefusalPolicy(writer);
        List<Refusal> refused = refusals.apply(List.copyOf(pending.documents()));

        assertThat(refused).extracting(r -> r.document().ref().docId()).containsExactly("d3", "d9");
        assertThat(refused).allSatisfy(r -> {
            assertThat(SqlFailure.classify(r.reason())).isEqualTo(SqlFailure.DATA);
            assertThat(r.reason().getMessage()).contains("expected 4 dimensions");
        });
        assertThat(state("t1")).hasSize(11).doesNotContainKeys("d3", "d9");
        assertThat(refusals.apply(List.copyOf(pending.documents())))
                .as("a replay refuses the same and changes nothing").hasSize(2);
        assertThat(state("t1")).hasSize(11);
    }

    private static DocumentWrite wrongDimension(String tenant, String id) {
        return DocumentWrite.upsert(tenant, id, 1, null, Map.of(), null, Instant.EPOCH, "test-model",
                List.of(new EmbeddedChunk(0, "x", new byte[0], new float[] {1, 2})));
    }

    @Test
    void searchIsScopedToTheTenantAndOrderedByDistance() throws SQLException {
        List<DocumentWrite> writes = new ArrayList<>();
        writes.add(doc("t1", "a", 1, 3));
        writes.add(doc("t2", "a", 9, 3));
        flush(writes.toArray(DocumentWrite[]::new));
        List<ChunkSearch.Hit> hits = new ChunkSearch(reader).topK("t1", new float[] {2, 1, 0.5f, -1.25f}, 2);
        assertThat(hits).extracting(ChunkSearch.Hit::docId).containsOnly("a");
        assertThat(hits).extracting(ChunkSearch.Hit::chunkNo).containsExactly(2, 1);
        assertThat(hits.get(0).distance()).isLessThanOrEqualTo(hits.get(1).distance());
        assertThat(hits.get(0).content()).startsWith("a v1 chunk 2");
        assertThat(new ChunkSearch(reader).topK("nobody", new float[] {1, 1, 1, 1}, 5)).isEmpty();
    }

    @Test
    void bootstrapIsIdempotentAndRefusesAnotherDimension() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            StoreSchema.migrate(url, new StoreSettings(DIMS, 4));
            assertThatThrownBy(() -> StoreSchema.migrate(url, new StoreSettings(384, 4)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("4 dimensions but the model makes 384");
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery(
                            "SELECT count(*) FROM pg_inherits WHERE inhparent IN ('documents'::regclass, 'chunks'::regclass)")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(8);
            }
        }
    }

    @Test
    void documentsAndChunksJoinPartitionByPartition() throws SQLException {
        flush(doc("t1", "a", 1, 2), doc("t2", "b", 1, 2), doc("t3", "c", 1, 2), doc("t4", "d", 1, 2));
        try (Connection fresh = DriverManager.getConnection(url);
                Statement statement = fresh.createStatement();
                ResultSet rs = statement.executeQuery("""
                        EXPLAIN SELECT d.tenant_id, count(*) FROM documents d
                        JOIN chunks c ON c.tenant_id = d.tenant_id AND c.doc_id = d.doc_id GROUP BY 1""")) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            for (int p = 0; p < 4; p++) {
                assertThat(plan.toString()).as("plan joins partition %d with its twin", p)
                        .containsPattern("on (chunks|documents)_p" + p + "\\b");
            }
            assertThat(plan.toString().split("Join", -1)).as("one join per partition").hasSizeGreaterThan(4);
        }
    }

    /**
     * Another writer's flush deletes the document and records its deletion while this flush writes
     * that version: this flush waits for the other's lock on the document, then sees the deletion
     * and leaves the document deleted, on the append path (nothing stored) and on the merge path.
     */
    @ParameterizedTest(name = "append path: {0}")
    @ValueSource(booleans = {true, false})
    void aFlushWaitsForAConcurrentDeletionOfItsDocumentAndDoesNotBringItBack(boolean appendWhenNew)
            throws Exception {
        ExecutorService flusher = Executors.newSingleThreadExecutor();
        try (Connection deleting = DriverManager.getConnection(url);
                VectorStoreWriter writing = new VectorStoreWriter(() -> DriverManager.getConnection(url),
                        RetryPolicy.defaults(), StoreLayout.ONE_NODE, StoreTables.DEFAULT, appendWhenNew)) {
            deleting.setAutoCommit(false);
            try (Statement statement = deleting.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock("
                        + DocumentLocks.key(new DocumentRef("t", "d")) + ")");
                statement.execute("INSERT INTO " + StoreTables.DELETIONS + " VALUES ('t', 'd', 1, now())");
            }
            Future<?> written = flusher.submit(() -> {
                flush(writing, doc("t", "d", 1, 2));
                return null;
            });
            awaitWaitingForAnAdvisoryLock();
            assertThat(written).isNotDone();
            deleting.commit();
            written.get(1, TimeUnit.MINUTES);
            assertThat(writing.appendedFlushes()).isZero();
        } finally {
            flusher.shutdownNow();
        }
        assertThat(count("documents")).isZero();
        assertThat(count("chunks")).isZero();
    }

    private void awaitWaitingForAnAdvisoryLock() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement statement = reader.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the flush never waited for the document's lock");
    }

    /** Into empty tables the flush appends; with one document already stored it stages and merges. */
    @ParameterizedTest(name = "one document stored before: {0}")
    @ValueSource(booleans = {false, true})
    void aCopyCutMidBatchLeavesNoPartialRowsAndTheRetryLandsAll(boolean oneStoredBefore) throws Exception {
        int documents = 400;
        int chunksEach = 250;
        if (oneStoredBefore) {
            flush(doc("t0", "d0", 0, 1));
        }
        DocumentWrite[] writes = IntStream.range(0, documents)
                .mapToObj(i -> doc("t" + i % 7, "d" + i, 1, chunksEach))
                .toArray(DocumentWrite[]::new);
        AtomicInteger connectionsOpened = new AtomicInteger();
        RetryPolicy slowRetry = new RetryPolicy(Duration.ofSeconds(2), Duration.ofSeconds(2), 0, Duration.ofMinutes(1));
        ExecutorService killer = Executors.newSingleThreadExecutor();
        try (VectorStoreWriter retrying = new VectorStoreWriter(() -> {
            connectionsOpened.incrementAndGet();
            return DriverManager.getConnection(url);
        }, slowRetry, StoreLayout.ONE_NODE, StoreTables.DEFAULT, true)) {
            Future<long[]> rowsSeenAfterTheKill = killer.submit(() -> terminateTheChunkCopyThenCount());
            flush(retrying, writes);
            long[] rowsAfterKill = rowsSeenAfterTheKill.get(1, TimeUnit.MINUTES);
            long before = oneStoredBefore ? 1 : 0;
            assertThat(rowsAfterKill).as("documents and chunks visible after the cut COPY")
                    .containsExactly(before, before);
            assertThat(oneStoredBefore ? retrying.mergedFlushes() : retrying.appendedFlushes()).isEqualTo(1);
        } finally {
            killer.shutdownNow();
        }
        assertThat(connectionsOpened).as("a new connection for the retry").hasValue(2);
        assertThat(count("documents")).isEqualTo(documents);
        assertThat(count("chunks")).isEqualTo((long) documents * chunksEach);
    }

    /** Terminates the writer's backend while it streams chunks (appended or staged), then counts what is visible. */
    private long[] terminateTheChunkCopyThenCount() throws Exception {
        try (Connection admin = DriverManager.getConnection(url);
                Statement statement = admin.createStatement()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = statement.executeQuery("""
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE query ~ '^COPY (vl_stage_)?chunks ' AND state = 'active' AND pid <> pg_backend_pid()""")) {
                    if (rs.next() && rs.getBoolean(1)) {
                        Thread.sleep(500); // inside the writer's 2 s backoff
                        return new long[] {count("documents"), count("chunks")};
                    }
                }
            }
            throw new AssertionError("never saw the chunk COPY running");
        }
    }
}

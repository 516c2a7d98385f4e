package io.vectorline.store;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.store.jdbc.BinaryCopy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Documents for the tests of the store, and a plain COPY of them into its tables. */
public final class StoreFixtures {
    private StoreFixtures() {}

    /** A version of a document with {@code chunks} chunks of {@code 4}-dimensional vectors. */
    public static DocumentUpsert doc(String tenant, String id, long version, int chunks) {
        List<EmbeddedChunk> list = IntStream.range(0, chunks)
                .mapToObj(n -> new EmbeddedChunk(n, id + " v" + version + " chunk " + n + " — ünïcode",
                        new byte[] {(byte) n, (byte) version}, new float[] {n, version, 0.5f, -1.25f}))
                .toList();
        return DocumentWrite.upsert(tenant, id, version, "Title " + id, Map.of("k", "v\"" + version),
                "s3://bucket/" + id, Instant.parse("2026-01-02T03:04:05.678901Z"), "test-model", list);
    }

    /** COPYs new documents and their chunks straight into the default tables, in one transaction. */
    public static void insert(String jdbcUrl, Collection<DocumentUpsert> documents) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl)) {
            connection.setAutoCommit(false);
            BinaryCopy.copyIn(connection, StoreRows.DOCUMENT.copyInto(StoreTables.DEFAULT.documents()), rows -> {
                for (DocumentUpsert document : documents) {
                    StoreRows.DOCUMENT.write(rows, document);
                }
            });
            BinaryCopy.copyIn(connection, StoreRows.CHUNK.copyInto(StoreTables.DEFAULT.chunks()), rows -> {
                for (DocumentUpsert document : documents) {
                    for (EmbeddedChunk chunk : document.chunks()) {
                        StoreRows.CHUNK.write(rows, new StoreRows.ChunkRow(document, chunk));
                    }
                }
            });
            connection.commit();
        }
    }
}

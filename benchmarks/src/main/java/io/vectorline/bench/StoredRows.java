package io.vectorline.bench;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.jdbc.PgConnections;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The documents and chunks a store holds, read back as the sink's writes (real texts and vectors),
 * to load them again through the sink alone.
 */
public final class StoredRows {
    /** The sink's default flush size in chunks. */
    public static final int CHUNKS_PER_FLUSH = 2_000;

    private final List<List<DocumentUpsert>> batches;
    private final List<String> texts;

    private StoredRows(List<List<DocumentUpsert>> batches, List<String> texts) {
        this.batches = batches;
        this.texts = texts;
    }

    /** Every document with its chunks, in flushes of about {@link #CHUNKS_PER_FLUSH} chunks. */
    public static StoredRows read(String jdbcUrl) throws SQLException {
        List<List<DocumentUpsert>> batches = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        try (Connection connection = PgConnections.open(jdbcUrl);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT d.tenant_id, d.doc_id, d.version, d.title, d.event_time, c.model_id, c.chunk_no,
                               c.content, c.content_hash, c.embedding::real[]
                        FROM documents d JOIN chunks c USING (tenant_id, doc_id)
                        ORDER BY d.tenant_id, d.doc_id, c.chunk_no""")) {
            List<DocumentUpsert> batch = new ArrayList<>();
            int batchChunks = 0;
            Document current = null;
            while (rs.next()) {
                if (current == null || !current.is(rs.getString(1), rs.getString(2))) {
                    if (current != null) {
                        batch.add(current.write());
                        batchChunks += current.chunks.size();
                        if (batchChunks >= CHUNKS_PER_FLUSH) {
                            batches.add(batch);
                            batch = new ArrayList<>();
                            batchChunks = 0;
                        }
                    }
                    current = new Document(rs);
                }
                String content = rs.getString(8);
                texts.add(content);
                current.chunks.add(new EmbeddedChunk(rs.getInt(7), content, rs.getBytes(9), vector(rs.getArray(10))));
            }
            if (current != null) {
                batch.add(current.write());
            }
            if (!batch.isEmpty()) {
                batches.add(batch);
            }
        }
        return new StoredRows(batches, texts);
    }

    /** The chunk texts, in the order of the rows. */
    public List<String> texts() {
        return texts;
    }

    public int chunks() {
        return texts.size();
    }

    /** Writes every flush through the sink's writer (its merge path), one transaction each. */
    public void write(String jdbcUrl) throws SQLException {
        VectorlineSinkLoad.write(jdbcUrl, StoreLayout.ONE_NODE, false, batches);
    }

    private static float[] vector(Array array) throws SQLException {
        Float[] boxed = (Float[]) array.getArray();
        float[] vector = new float[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            vector[i] = boxed[i];
        }
        return vector;
    }

    /** One document's row while its chunks are read. */
    private static final class Document {
        final String tenantId;
        final String docId;
        final long version;
        final String title;
        final Instant eventTime;
        final String modelId;
        final List<EmbeddedChunk> chunks = new ArrayList<>();

        Document(ResultSet rs) throws SQLException {
            tenantId = rs.getString(1);
            docId = rs.getString(2);
            version = rs.getLong(3);
            title = rs.getString(4);
            Timestamp time = rs.getTimestamp(5);
            eventTime = time == null ? null : time.toInstant();
            modelId = rs.getString(6);
        }

        boolean is(String tenant, String doc) {
            return tenantId.equals(tenant) && docId.equals(doc);
        }

        DocumentUpsert write() {
            return DocumentWrite.upsert(tenantId, docId, version, title, Map.of(), null, eventTime, modelId, chunks);
        }
    }
}

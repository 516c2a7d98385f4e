package io.vectorline.bench;

import com.pgvector.PGvector;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.EmbeddedChunk;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.List;

/**
 * The usual hand-written alternative, tuned: batched {@code INSERT ... ON CONFLICT DO UPDATE}
 * with the same version guard, {@code reWriteBatchedInserts=true}, one transaction per batch.
 */
final class JdbcUpsertLoad implements LoadMethod {
    private static final String DOCUMENTS = """
            INSERT INTO documents AS d (tenant_id, doc_id, version, title, metadata, source_uri, event_time, chunk_count)
            VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?)
            ON CONFLICT (tenant_id, doc_id) DO UPDATE
            SET version = excluded.version, title = excluded.title, metadata = excluded.metadata,
                source_uri = excluded.source_uri, event_time = excluded.event_time, chunk_count = excluded.chunk_count
            WHERE d.version < excluded.version""";
    private static final String CHUNKS = """
            INSERT INTO chunks AS c (tenant_id, doc_id, chunk_no, version, model_id, content, content_hash, embedding)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant_id, doc_id, chunk_no) DO UPDATE
            SET version = excluded.version, model_id = excluded.model_id, content = excluded.content,
                content_hash = excluded.content_hash, embedding = excluded.embedding
            WHERE c.version < excluded.version""";

    @Override
    public String name() {
        return "JDBC batched INSERT ON CONFLICT";
    }

    @Override
    public String description() {
        return "batched INSERT ... ON CONFLICT DO UPDATE with the version guard, reWriteBatchedInserts";
    }

    @Override
    public void load(BenchDatabase database, SinkRows rows) throws Exception {
        try (Connection connection = DriverManager.getConnection(database.url() + "&reWriteBatchedInserts=true")) {
            connection.setAutoCommit(false);
            try (PreparedStatement documents = connection.prepareStatement(DOCUMENTS);
                    PreparedStatement chunks = connection.prepareStatement(CHUNKS)) {
                for (List<DocumentUpsert> batch : rows.batches()) {
                    for (DocumentUpsert doc : batch) {
                        documents.setString(1, doc.tenantId());
                        documents.setString(2, doc.docId());
                        documents.setLong(3, doc.version());
                        documents.setString(4, doc.title());
                        documents.setString(5, "{\"source\":\"bench\"}");
                        documents.setString(6, doc.sourceUri());
                        documents.setTimestamp(7, Timestamp.from(doc.eventTime()));
                        documents.setInt(8, doc.chunks().size());
                        documents.addBatch();
                        for (EmbeddedChunk chunk : doc.chunks()) {
                            chunks.setString(1, doc.tenantId());
                            chunks.setString(2, doc.docId());
                            chunks.setInt(3, chunk.chunkNo());
                            chunks.setLong(4, doc.version());
                            chunks.setString(5, doc.modelId());
                            chunks.setString(6, chunk.content());
                            chunks.setBytes(7, chunk.contentHash());
                            chunks.setObject(8, new PGvector(chunk.embedding()));
                            chunks.addBatch();
                        }
                    }
                    documents.executeBatch();
                    chunks.executeBatch();
                    connection.commit();
                }
            }
        }
    }
}

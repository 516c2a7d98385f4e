package io.vectorline.bench;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.EmbeddedChunk;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** LangChain4j's {@code PgVectorEmbeddingStore.addAll}, one call per batch, into its own table. */
record LangChain4jStoreLoad(boolean hnsw) implements LoadMethod {
    private static final String TABLE = "lc4j_embeddings";

    @Override
    public String name() {
        return "LangChain4j PgVectorEmbeddingStore";
    }

    @Override
    public String description() {
        return "addAll(ids, embeddings, segments) per batch, metadata as JSON";
    }

    @Override
    public void load(BenchDatabase database, SinkRows rows) throws Exception {
        URI uri = URI.create(database.libpqUri());
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : uri.getQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
        PgVectorEmbeddingStore store = PgVectorEmbeddingStore.builder()
                .host(uri.getHost())
                .port(uri.getPort())
                .user(params.get("user"))
                // LangChain4j insists on a password; servers with trust auth ignore it
                .password(params.getOrDefault("password", "unused"))
                .database(uri.getPath().substring(1))
                .table(TABLE)
                .dimension(rows.dimensions())
                .createTable(true)
                .useIndex(false)
                .build();
        if (hnsw) {
            try (Connection connection = DriverManager.getConnection(database.url());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE INDEX ON " + TABLE + " USING hnsw (embedding vector_cosine_ops)");
            }
        }
        for (List<DocumentUpsert> batch : rows.batches()) {
            List<String> ids = new ArrayList<>();
            List<Embedding> embeddings = new ArrayList<>();
            List<TextSegment> segments = new ArrayList<>();
            for (DocumentUpsert doc : batch) {
                for (EmbeddedChunk chunk : doc.chunks()) {
                    ids.add(UUID.randomUUID().toString());
                    embeddings.add(Embedding.from(chunk.embedding()));
                    segments.add(TextSegment.from(chunk.content(), Metadata.from(Map.of(
                            "tenant_id", doc.tenantId(), "doc_id", doc.docId(), "chunk_no", chunk.chunkNo()))));
                }
            }
            store.addAll(ids, embeddings, segments);
        }
    }
}

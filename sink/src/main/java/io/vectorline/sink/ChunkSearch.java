package io.vectorline.sink;

import com.pgvector.PGvector;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Tenant-scoped nearest-neighbour search over {@code chunks} by cosine distance. */
public final class ChunkSearch {
    private static final String TOP_K = """
            SELECT c.doc_id, c.chunk_no, d.title, c.content, c.embedding <=> ? AS distance
            FROM chunks c
            JOIN documents d ON d.tenant_id = c.tenant_id AND d.doc_id = c.doc_id
            WHERE c.tenant_id = ?
            ORDER BY c.embedding <=> ?
            LIMIT ?""";

    /** One result, nearest first. */
    public record Hit(String docId, int chunkNo, String title, String content, double distance) {}

    private final Connection connection;

    public ChunkSearch(Connection connection) {
        this.connection = connection;
    }

    public List<Hit> topK(String tenantId, float[] query, int k) throws SQLException {
        if (k < 1) {
            throw new IllegalArgumentException("k must be positive, got " + k);
        }
        PGvector vector = new PGvector(query);
        try (PreparedStatement statement = connection.prepareStatement(TOP_K)) {
            statement.setObject(1, vector);
            statement.setString(2, tenantId);
            statement.setObject(3, vector);
            statement.setInt(4, k);
            try (ResultSet rs = statement.executeQuery()) {
                List<Hit> hits = new ArrayList<>();
                while (rs.next()) {
                    hits.add(new Hit(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getDouble(5)));
                }
                return hits;
            }
        }
    }
}

package io.vectorline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** The {@code embedding_models} table: which models wrote the store's vectors, and their shape. */
public final class EmbeddingModels {
    private EmbeddingModels() {}

    /** Records a model in {@code embedding_models}, as used by the job writing now. */
    public static void register(Connection connection, String modelId, int dimensions, int maxTokens,
            String pooling) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO embedding_models (model_id, dimensions, max_tokens, pooling) VALUES (?, ?, ?, ?)
                ON CONFLICT (model_id) DO UPDATE
                SET dimensions = excluded.dimensions, max_tokens = excluded.max_tokens, pooling = excluded.pooling""")) {
            insert.setString(1, modelId);
            insert.setInt(2, dimensions);
            insert.setInt(3, maxTokens);
            insert.setString(4, pooling);
            insert.executeUpdate();
        }
    }
}

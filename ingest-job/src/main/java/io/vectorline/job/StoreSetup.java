package io.vectorline.job;

import io.vectorline.embedder.ModelSpec;
import io.vectorline.store.EmbeddingModels;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSchema;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Prepares the store for a model, from the client that submits a job (or from
 * {@code vectorline schema}): migrates the schema once and records the model, so the job's
 * subtasks only verify.
 */
public final class StoreSetup {
    private StoreSetup() {}

    /** Returns the layout the tables have. */
    public static StoreLayout prepare(String jdbcUrl, StoreSettings settings, ModelSpec model) throws SQLException {
        StoreLayout layout = StoreSchema.migrate(jdbcUrl, settings);
        try (Connection connection = PgConnections.open(jdbcUrl)) {
            EmbeddingModels.register(connection, model.id(), model.dimensions(), model.maxTokens(),
                    model.pooling().name());
        }
        return layout;
    }
}

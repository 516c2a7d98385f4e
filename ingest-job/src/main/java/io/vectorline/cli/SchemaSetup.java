package io.vectorline.cli;

import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.embedder.ModelSpec;
import io.vectorline.sink.LayoutChoice;
import io.vectorline.sink.StoreLayout;
import io.vectorline.sink.StoreSchema;
import io.vectorline.sink.StoreSettings;
import java.sql.Connection;
import io.vectorline.sink.PgConnections;
import java.sql.SQLException;

/** Creates the tables for a model and records the model in {@code embedding_models}. */
final class SchemaSetup {
    private SchemaSetup() {}

    static void apply(String jdbcUrl, EmbeddingModel model, int partitions) throws SQLException {
        apply(jdbcUrl, model, partitions, LayoutChoice.DETECT);
    }

    /** Returns the layout the tables have. */
    static StoreLayout apply(String jdbcUrl, EmbeddingModel model, int partitions, LayoutChoice layout)
            throws SQLException {
        ModelSpec spec = model.spec();
        StoreLayout created = StoreSchema.bootstrap(jdbcUrl, new StoreSettings(spec.dimensions(), partitions, layout));
        try (Connection connection = PgConnections.open(jdbcUrl)) {
            StoreSchema.registerModel(connection, spec.id(), spec.dimensions(), spec.maxTokens(),
                    spec.pooling().name());
        }
        return created;
    }
}

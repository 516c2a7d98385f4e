package io.vectorline.bench;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.sink.internal.PendingWrites;
import io.vectorline.sink.internal.VectorStoreWriter;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreTables;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.RetryPolicy;
import java.sql.SQLException;
import java.util.List;

/** Vectorline's own writer, one flush per batch, through the merge path or the append path. */
record VectorlineSinkLoad(boolean appendWhenNew) implements LoadMethod {
    @Override
    public String name() {
        return appendWhenNew ? "vectorline append path" : "vectorline upsert path";
    }

    @Override
    public String description() {
        return appendWhenNew
                ? "binary COPY straight into the tables, one transaction per batch"
                : "binary COPY into staging + version-guarded merge, one transaction per batch";
    }

    @Override
    public void load(BenchDatabase database, SinkRows rows) throws Exception {
        write(database.url(), StoreLayout.ONE_NODE, appendWhenNew, rows.batches());
    }

    /** Writes the batches with one writer, one flush each. */
    static void write(String url, StoreLayout layout, boolean appendWhenNew, List<List<DocumentUpsert>> batches)
            throws SQLException {
        try (VectorStoreWriter writer = new VectorStoreWriter(ConnectionFactory.of(url), RetryPolicy.defaults(),
                layout, StoreTables.DEFAULT, appendWhenNew)) {
            PendingWrites pending = new PendingWrites();
            for (List<DocumentUpsert> batch : batches) {
                batch.forEach(pending::add);
                writer.apply(pending.documents());
                pending.clear();
            }
        }
    }
}

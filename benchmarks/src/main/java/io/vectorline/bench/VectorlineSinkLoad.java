package io.vectorline.bench;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.sink.internal.PendingWrites;
import io.vectorline.sink.internal.VectorStoreWriter;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreTables;
import io.vectorline.store.jdbc.RetryPolicy;
import java.sql.DriverManager;
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
        try (VectorStoreWriter writer = new VectorStoreWriter(
                () -> DriverManager.getConnection(database.url), RetryPolicy.defaults(), StoreLayout.ONE_NODE, StoreTables.DEFAULT,
                appendWhenNew)) {
            PendingWrites pending = new PendingWrites();
            for (List<DocumentUpsert> batch : rows.batches()) {
                batch.forEach(pending::add);
                writer.apply(pending.documents());
                pending.clear();
            }
        }
    }
}

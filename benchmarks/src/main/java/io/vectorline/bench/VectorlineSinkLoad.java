package io.vectorline.bench;

import io.vectorline.sink.DocumentWrite;
import io.vectorline.sink.PendingWrites;
import io.vectorline.sink.RetryPolicy;
import io.vectorline.sink.StoreLayout;
import io.vectorline.sink.VectorStoreWriter;
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
                () -> DriverManager.getConnection(database.url), RetryPolicy.defaults(), StoreLayout.ONE_NODE, appendWhenNew)) {
            PendingWrites pending = new PendingWrites();
            for (List<DocumentWrite> batch : rows.batches()) {
                batch.forEach(pending::add);
                writer.apply(pending.documents());
                pending.clear();
            }
        }
    }
}

package io.vectorline.job;

import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.sink.PgVectorSink;
import io.vectorline.store.StoreSettings;
import java.time.Duration;

/** The ingest job as the integration tests run it: the default model, small quick flushes, two subtasks. */
public final class TestJobs {
    private TestJobs() {}

    /** A job reading {@code topic} into a store of {@code partitions} partitions; tests override what they need. */
    public static JobConfig.Builder config(String bootstrap, String topic, String jdbcUrl, int partitions,
            Duration flushAge) {
        EmbeddingModel model = EmbeddingModel.DEFAULT.model();
        return JobConfig.builder()
                .bootstrapServers(bootstrap)
                .topic(topic)
                .groupId("it-" + topic)
                .model(model)
                .sink(PgVectorSink.builder()
                        .jdbcUrl(jdbcUrl)
                        .store(new StoreSettings(model.spec().dimensions(), partitions))
                        .flushWhen(200, 1_000, flushAge)
                        .build())
                .checkpointInterval(Duration.ofSeconds(1))
                .parallelism(2);
    }
}

package io.vectorline.job;

import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.sink.flink.PgVectorSinkOptions;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the ingest job needs, validated once here.
 *
 * @param bootstrapServers Kafka brokers
 * @param topic the documents topic
 * @param deadLetterTopic where unprocessable records go, with the reason in headers
 * @param groupId consumer group; offsets are committed on checkpoints
 * @param startingOffsets where to start reading when there is no checkpoint
 * @param model the embedding model
 * @param chunking chunk size and overlap in tokens
 * @param embedder ONNX Runtime settings of the embedder each TaskManager shares among its subtasks
 * @param batching micro-batches handed to the embedder
 * @param sink database and flush settings
 * @param checkpointInterval how often Flink checkpoints (and so the sink flushes at the latest)
 * @param maxBodyChars bodies above this size go to the dead-letter topic
 * @param parallelism subtasks per operator; 0 keeps the environment's default
 */
public record JobConfig(
        String bootstrapServers,
        String topic,
        String deadLetterTopic,
        String groupId,
        StartingOffsets startingOffsets,
        EmbeddingModel model,
        ChunkingOptions chunking,
        EmbedderOptions embedder,
        EmbedBatching batching,
        PgVectorSinkOptions sink,
        Duration checkpointInterval,
        int maxBodyChars,
        int parallelism)
        implements Serializable {
    public static final String DEFAULT_TOPIC = "documents";
    public static final String DEFAULT_GROUP_ID = "vectorline-ingest";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_CHARS = 1_000_000;

    public JobConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(chunking, "chunking");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (topic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException("the dead-letter topic must differ from the documents topic");
        }
        if (sink.store().dimensions() != model.spec().dimensions()) {
            throw new IllegalArgumentException("the table's vector dimension " + sink.store().dimensions()
                    + " differs from model " + model.spec().id() + "'s " + model.spec().dimensions());
        }
        if (maxBodyChars < 1) {
            throw new IllegalArgumentException("max body chars must be positive, got " + maxBodyChars);
        }
        if (parallelism < 0) {
            throw new IllegalArgumentException("parallelism must not be negative, got " + parallelism);
        }
        if (checkpointInterval.toMillis() < 10) {
            throw new IllegalArgumentException("checkpoint interval must be at least 10 ms, got " + checkpointInterval);
        }
    }

    public static String deadLetterTopicFor(String topic) {
        return topic + ".dead-letter";
    }
}

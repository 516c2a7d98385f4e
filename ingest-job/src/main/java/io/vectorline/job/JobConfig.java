package io.vectorline.job;

import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.job.embed.EmbedBatching;
import io.vectorline.sink.PgVectorSink;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the ingest job needs, validated once here; made with {@link #builder()}, which has
 * a default for all but the brokers, the model and the sink.
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
        PgVectorSink sink,
        Duration checkpointInterval,
        int maxBodyChars,
        int parallelism)
        implements Serializable {
    public static final String DEFAULT_TOPIC = "documents";
    public static final String DEFAULT_GROUP_ID = "vectorline-ingest";
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_BODY_CHARS = 1_000_000;

    public JobConfig {
        Objects.requireNonNull(bootstrapServers, "the job needs Kafka bootstrap servers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(startingOffsets, "startingOffsets");
        Objects.requireNonNull(model, "the job needs an embedding model");
        Objects.requireNonNull(chunking, "chunking");
        Objects.requireNonNull(embedder, "embedder");
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(sink, "the job needs a sink");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        if (topic.equals(deadLetterTopic)) {
            throw new IllegalArgumentException("the dead-letter topic must differ from the documents topic");
        }
        if (sink.options().store().dimensions() != model.spec().dimensions()) {
            throw new IllegalArgumentException("the table's vector dimension " + sink.options().store().dimensions()
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

    /** The same settings, reading the documents topic as consumer group {@code group}. */
    public JobConfig withGroupId(String group) {
        return new JobConfig(bootstrapServers, topic, deadLetterTopic, group, startingOffsets, model, chunking,
                embedder, batching, sink, checkpointInterval, maxBodyChars, parallelism);
    }

    public static String deadLetterTopicFor(String topic) {
        return topic + ".dead-letter";
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link JobConfig}; the dead-letter topic defaults to the documents topic's. */
    public static final class Builder {
        private String bootstrapServers;
        private String topic = DEFAULT_TOPIC;
        private String deadLetterTopic;
        private String groupId = DEFAULT_GROUP_ID;
        private StartingOffsets startingOffsets = StartingOffsets.committedOrEarliest();
        private EmbeddingModel model;
        private ChunkingOptions chunking = ChunkingOptions.defaults();
        private EmbedderOptions embedder = EmbedderOptions.defaults();
        private EmbedBatching batching = EmbedBatching.defaults();
        private PgVectorSink sink;
        private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
        private int maxBodyChars = DEFAULT_MAX_BODY_CHARS;
        private int parallelism;

        private Builder() {}

        public Builder bootstrapServers(String value) {
            bootstrapServers = value;
            return this;
        }

        public Builder topic(String value) {
            topic = value;
            return this;
        }

        public Builder deadLetterTopic(String value) {
            deadLetterTopic = value;
            return this;
        }

        public Builder groupId(String value) {
            groupId = value;
            return this;
        }

        public Builder startingOffsets(StartingOffsets value) {
            startingOffsets = value;
            return this;
        }

        public Builder model(EmbeddingModel value) {
            model = value;
            return this;
        }

        public Builder chunking(ChunkingOptions value) {
            chunking = value;
            return this;
        }

        public Builder embedder(EmbedderOptions value) {
            embedder = value;
            return this;
        }

        public Builder batching(EmbedBatching value) {
            batching = value;
            return this;
        }

        public Builder sink(PgVectorSink value) {
            sink = value;
            return this;
        }

        public Builder checkpointInterval(Duration value) {
            checkpointInterval = value;
            return this;
        }

        public Builder maxBodyChars(int value) {
            maxBodyChars = value;
            return this;
        }

        /** Subtasks per operator; 0 keeps the environment's default. */
        public Builder parallelism(int value) {
            parallelism = value;
            return this;
        }

        /** Fails on a missing or invalid setting, naming it. */
        public JobConfig build() {
            return new JobConfig(bootstrapServers, topic,
                    deadLetterTopic != null ? deadLetterTopic : deadLetterTopicFor(String.valueOf(topic)), groupId,
                    startingOffsets, model, chunking, embedder, batching, sink, checkpointInterval, maxBodyChars,
                    parallelism);
        }
    }
}

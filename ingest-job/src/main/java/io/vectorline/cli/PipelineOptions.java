package io.vectorline.cli;

import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.job.JobConfig;
import io.vectorline.job.StartingOffsets;
import io.vectorline.job.embed.EmbedBatching;
import io.vectorline.sink.PgVectorSink;
import io.vectorline.sink.PgVectorSinkOptions;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.jdbc.RetryPolicy;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options of the pipeline, shared by {@code run}, {@code demo} and {@code backfill}. */
final class PipelineOptions {
    @Mixin
    KafkaOption kafka = new KafkaOption();

    @Option(names = "--topic", description = "Documents topic (default: ${DEFAULT-VALUE}).")
    String topic = JobConfig.DEFAULT_TOPIC;

    @Option(names = "--dead-letter-topic", description = "Where records that fail to decode, or that the database"
            + " refuses, go with the reason (default: the documents topic + '.dead-letter').")
    String deadLetterTopic;

    @Mixin
    DatabaseOption database = new DatabaseOption();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--chunk-tokens", description = "Content tokens per chunk (default: ${DEFAULT-VALUE}).")
    int chunkTokens = ChunkingOptions.DEFAULT_CHUNK_TOKENS;

    @Option(names = "--overlap-tokens", description = "Tokens repeated between chunks (default: ${DEFAULT-VALUE}).")
    int overlapTokens = ChunkingOptions.DEFAULT_OVERLAP_TOKENS;

    @Mixin
    EmbedderSettings embedder = new EmbedderSettings();

    @Option(names = "--embed-batch-documents",
            description = "Documents per micro-batch handed to the embedder (default: ${DEFAULT-VALUE}).")
    int embedBatchDocuments = EmbedBatching.DEFAULT_MAX_DOCUMENTS;

    @Option(names = "--embed-batch-chars",
            description = "Body characters per micro-batch handed to the embedder (default: ${DEFAULT-VALUE}).")
    int embedBatchChars = EmbedBatching.DEFAULT_MAX_CHARS;

    @Option(names = "--embed-batch-wait", converter = DurationConverter.class,
            description = "Longest a document waits for its micro-batch to fill (default: 100ms).")
    Duration embedBatchWait = EmbedBatching.DEFAULT_MAX_WAIT;

    @Option(names = "--partitions", description = "Hash partitions per table (default: ${DEFAULT-VALUE}).")
    int partitions = StoreSettings.DEFAULT_PARTITIONS;

    @Mixin
    LayoutOption layout = new LayoutOption();

    @Option(names = "--flush-documents", description = "Flush after this many documents (default: ${DEFAULT-VALUE}).")
    int flushDocuments = PgVectorSinkOptions.DEFAULT_MAX_BUFFERED_DOCUMENTS;

    @Option(names = "--flush-chunks", description = "Flush after this many chunks (default: ${DEFAULT-VALUE}).")
    int flushChunks = PgVectorSinkOptions.DEFAULT_MAX_BUFFERED_CHUNKS;

    @Option(names = "--flush-age", converter = DurationConverter.class,
            description = "Flush when the oldest buffered write is this old (default: 2s).")
    Duration flushAge = PgVectorSinkOptions.DEFAULT_MAX_BUFFER_AGE;

    @Option(names = "--outage-budget", converter = DurationConverter.class,
            description = "How long the job waits out an unreachable database or Kafka broker, holding its input,"
                    + " before it fails (default: 10m).")
    Duration outageBudget = RetryPolicy.DEFAULT_OUTAGE_BUDGET;

    @Option(names = "--checkpoint-interval", converter = DurationConverter.class,
            description = "Flink checkpoint interval (default: 10s).")
    Duration checkpointInterval = JobConfig.DEFAULT_CHECKPOINT_INTERVAL;

    @Option(names = "--max-body-chars", description = "Larger bodies go to the dead-letter topic (default: ${DEFAULT-VALUE}).")
    int maxBodyChars = JobConfig.DEFAULT_MAX_BODY_CHARS;

    @Option(names = "--parallelism", description = "Subtasks per operator; 0 = the cluster's default.")
    int parallelism;

    /** The job's settings, reading the documents topic as consumer group {@code groupId}. */
    JobConfig toConfig(String groupId, StartingOffsets startingOffsets) {
        EmbeddingModel embeddingModel = model.resolve();
        return JobConfig.builder()
                .bootstrapServers(kafka.bootstrapServers)
                .topic(topic)
                .deadLetterTopic(deadLetterTopic)
                .groupId(groupId)
                .startingOffsets(startingOffsets)
                .model(embeddingModel)
                .chunking(new ChunkingOptions(chunkTokens, overlapTokens))
                .embedder(embedder.toOptions())
                .batching(new EmbedBatching(embedBatchDocuments, embedBatchChars, embedBatchWait))
                .sink(PgVectorSink.builder()
                        .jdbcUrl(database.jdbcUrl)
                        .store(new StoreSettings(embeddingModel.spec().dimensions(), partitions, layout.choice))
                        .flushWhen(flushDocuments, flushChunks, flushAge)
                        .retry(RetryPolicy.withOutageBudget(outageBudget))
                        .build())
                .checkpointInterval(checkpointInterval)
                .maxBodyChars(maxBodyChars)
                .parallelism(parallelism)
                .build();
    }
}

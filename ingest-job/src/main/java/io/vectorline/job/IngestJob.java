package io.vectorline.job;

import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.job.deadletter.DeadLetterTopic;
import io.vectorline.job.deadletter.RefusalLetters;
import io.vectorline.job.decode.DecodeFunction;
import io.vectorline.job.decode.DocumentChange;
import io.vectorline.job.embed.EmbedOperator;
import io.vectorline.job.source.RawRecord;
import io.vectorline.job.source.RawRecordDeserializer;
import io.vectorline.model.DocumentWrite;
import io.vectorline.sink.PgVectorSinkOptions;
import io.vectorline.store.StoredContent;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.PgConnections;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest pipeline:
 *
 * <pre>
 * KafkaSource(documents) ─▶ decode ──invalid──────────────────────────────┐
 *                             │                                            │
 *                       keyBy(tenant_id, doc_id)      one document's events stay in order on one subtask
 *                             │                                            │
 *                       micro-batch, skip what is known, chunk + embed (ONNX)
 *                             │                                            │
 *                       pgvector (COPY to staging, version-guarded merge)  │
 *                             │                                            ▼
 *                       refused by the database ─▶ read back by offset ─▶ KafkaSink(dead-letter topic,
 *                                                                          transactional: exactly once)
 * </pre>
 *
 * Exactly-once final state: Kafka offsets live in checkpoints, the sink flushes before every
 * checkpoint barrier, and the merge ignores what is already stored, so a replay after restore is
 * harmless. Dead letters are emitted before the barrier too and committed with the checkpoint.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);
    /** How long a checkpoint may wait behind a flush that waits out a database outage. */
    private static final Duration CHECKPOINT_TIMEOUT_BEYOND_OUTAGE = Duration.ofMinutes(2);

    private IngestJob() {}

    /**
     * Adds the pipeline to {@code env}; the caller executes it. Prepares the store first (migrates
     * it and records the model: the job's subtasks only verify), and reads the dead-letter topic's
     * size limit from Kafka, so the topic must exist.
     */
    public static void build(StreamExecutionEnvironment env, JobConfig config)
            throws ExecutionException, InterruptedException, SQLException {
        PgVectorSinkOptions sink = config.sink().options();
        StoreSetup.prepare(sink.jdbcUrl(), sink.store(), config.model().spec());
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        Duration outageBudget = sink.retry().outageBudget();
        env.getCheckpointConfig().setCheckpointTimeout(
                outageBudget.plus(CHECKPOINT_TIMEOUT_BEYOND_OUTAGE).plus(config.checkpointInterval()).toMillis());
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        int deadLetterLimit = DeadLetterTopic.maxMessageBytes(config.bootstrapServers(), config.deadLetterTopic());
        LOG.info("building the ingest job: {} → {} (dead letters to {}, up to {} bytes each), model {},"
                + " checkpoints every {}, database outages waited out for up to {}", config.topic(),
                PgConnections.redact(sink.jdbcUrl()), config.deadLetterTopic(), deadLetterLimit, config.model().spec().id(),
                config.checkpointInterval(), outageBudget);

        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topic())
                .setGroupId(config.groupId())
                .setStartingOffsets(config.startingOffsets().toInitializer())
                .setDeserializer(new RawRecordDeserializer())
                .build();

        SingleOutputStreamOperator<DocumentChange> decoded = env
                .fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: " + config.topic())
                .uid("kafka-source")
                .process(new DecodeFunction(config.maxBodyChars()))
                .name("decode")
                .uid("decode");

        SingleOutputStreamOperator<DocumentWrite> embedded = decoded
                .keyBy(DocumentChange::routingKey)
                .transform("chunk + embed: " + config.model().spec().id(), TypeInformation.of(DocumentWrite.class),
                        new EmbedOperator(config.model(), config.embedder(), config.chunking(), config.batching(),
                                StoredContent.in(ConnectionFactory.of(sink.jdbcUrl()), sink.retry(), sink.tables())))
                .uid("embed");

        DataStream<DeadLetter> refused = config.sink().write(embedded)
                .uid("pgvector-sink")
                .process(new RefusalLetters(config.bootstrapServers(), outageBudget))
                .name("read back refused records")
                .uid("refusal-letters");

        decoded.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .union(refused)
                .sinkTo(DeadLetterTopic.sink(config.bootstrapServers(), config.deadLetterTopic(), config.groupId(),
                        sink.retry(), deadLetterLimit))
                .name("kafka: " + config.deadLetterTopic())
                .uid("dead-letter-sink");
    }
}

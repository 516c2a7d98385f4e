package io.vectorline.job;

import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.job.deadletter.DeadLetterTopic;
import io.vectorline.job.deadletter.RefusalLetters;
import io.vectorline.job.decode.DecodeFunction;
import io.vectorline.job.decode.DocumentChange;
import io.vectorline.job.embed.EmbedOperator;
import io.vectorline.job.source.RawRecord;
import io.vectorline.model.DocumentWrite;
import io.vectorline.sink.PgVectorSinkOptions;
import io.vectorline.store.StoredContent;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Everything after the source, shared by the live job ({@link IngestJob}) and backfills:
 *
 * <pre>
 * records ─▶ decode ──invalid─────────────────────────────────────────────┐
 *              │                                                            │
 *        keyBy(tenant_id, doc_id)      one document's events stay in order on one subtask
 *              │                                                            │
 *        micro-batch, skip what is known, chunk + embed (ONNX; backfills may cap chunks/s)
 *              │                                                            │
 *        pgvector (COPY to staging, version-guarded merge)                  │
 *              │                                                            ▼
 *        refused by the database ─▶ read back by offset ─▶ KafkaSink(dead-letter topic,
 *                                                          transactional: exactly once)
 * </pre>
 *
 * Exactly-once final state: Kafka offsets live in checkpoints, the sink flushes before every
 * checkpoint barrier, and the merge ignores what is already stored, so a replay after restore is
 * harmless. Dead letters are emitted before the barrier too and committed with the checkpoint.
 */
public final class Pipeline {
    /** How long a checkpoint may wait behind a flush that waits out a database outage. */
    private static final Duration CHECKPOINT_TIMEOUT_BEYOND_OUTAGE = Duration.ofMinutes(2);

    private Pipeline() {}

    /** Sets checkpointing and parallelism on {@code env}. The store is prepared by then ({@link StoreSetup}). */
    public static void configure(StreamExecutionEnvironment env, JobConfig config) {
        PgVectorSinkOptions sink = config.sink().options();
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        env.getCheckpointConfig().setCheckpointTimeout(sink.retry().outageBudget()
                .plus(CHECKPOINT_TIMEOUT_BEYOND_OUTAGE).plus(config.checkpointInterval()).toMillis());
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
    }

    /**
     * Adds the stages after the source to {@code records}' environment, embedding at most
     * {@code chunksPerSecond} across all subtasks (0: no limit). {@code replay}: the records are
     * history a backfill replays, so a tombstone among them deletes only versions recorded before
     * it. Reads the dead-letter topic's size limit from Kafka, so the topic must exist.
     */
    public static void attach(JobConfig config, DataStream<RawRecord> records, double chunksPerSecond,
            boolean replay) throws ExecutionException, InterruptedException {
        PgVectorSinkOptions sink = config.sink().options();
        int deadLetterLimit = DeadLetterTopic.maxMessageBytes(config.bootstrapServers(), config.deadLetterTopic());
        // decode beside each reader (a forward edge): between operators of different parallelism
        // Flink deals records round robin, and one document's events would reach the keyBy out of order
        SingleOutputStreamOperator<DocumentChange> decoded = records
                .process(new DecodeFunction(config.maxBodyChars(), replay))
                .setParallelism(records.getParallelism())
                .name("decode")
                .uid("decode");

        SingleOutputStreamOperator<DocumentWrite> embedded = decoded
                .keyBy(DocumentChange::routingKey)
                .transform("chunk + embed: " + config.model().spec().id(), TypeInformation.of(DocumentWrite.class),
                        new EmbedOperator(config.model(), config.embedder(), config.chunking(), config.batching(),
                                StoredContent.in(ConnectionFactory.of(sink.jdbcUrl()), sink.retry(), sink.tables()),
                                chunksPerSecond))
                .uid("embed");

        DataStream<DeadLetter> refused = config.sink().write(embedded)
                .uid("pgvector-sink")
                .process(new RefusalLetters(config.bootstrapServers(), sink.retry().outageBudget()))
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

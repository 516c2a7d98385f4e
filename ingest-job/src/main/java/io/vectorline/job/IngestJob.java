package io.vectorline.job;

import io.vectorline.sink.DocumentWrite;
import io.vectorline.sink.flink.PgVectorSink;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The ingest pipeline:
 *
 * <pre>
 * KafkaSource(documents) ─▶ decode ──invalid──▶ KafkaSink(dead-letter topic: original bytes + reason headers)
 *                             │
 *                       keyBy(tenant_id, doc_id)      one document's events stay in order on one subtask
 *                             │
 *                       micro-batch, skip what is known, chunk + embed (ONNX) ─▶ PgVectorSink
 *                                                                  (COPY to staging, version-guarded merge)
 *                                                                        │
 *                                        refused by the database ──▶ dead-letter topic (records read back by offset)
 * </pre>
 *
 * Exactly-once final state: Kafka offsets live in checkpoints, the sink flushes on every
 * checkpoint, and the merge ignores what is already stored, so a replay after restore is harmless.
 */
public final class IngestJob {
    private IngestJob() {}

    /** Adds the pipeline to {@code env}; the caller executes it. */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
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

        decoded.getSideOutput(DecodeFunction.DEAD_LETTERS)
                .sinkTo(KafkaSink.<DeadLetter>builder()
                        .setBootstrapServers(config.bootstrapServers())
                        .setRecordSerializer(new DeadLetterSerializer(config.deadLetterTopic()))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build())
                .name("kafka: " + config.deadLetterTopic())
                .uid("dead-letter-sink");

        SingleOutputStreamOperator<DocumentWrite> embedded = decoded
                .keyBy(DocumentChange::routingKey)
                .transform("chunk + embed: " + config.model().spec().id(), TypeInformation.of(DocumentWrite.class),
                        new EmbedOperator(config.model(), config.chunking(), config.embedder(), config.batching(),
                                config.sink()))
                .name("chunk + embed: " + config.model().spec().id())
                .uid("embed");

        embedded.sinkTo(new PgVectorSink(config.sink(), new KafkaDeadLetters(config.bootstrapServers(),
                        config.deadLetterTopic())))
                .name("pgvector")
                .uid("pgvector-sink");
    }
}

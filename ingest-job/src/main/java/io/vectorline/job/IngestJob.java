package io.vectorline.job;

import io.vectorline.job.source.RawRecord;
import io.vectorline.job.source.RawRecordDeserializer;
import io.vectorline.store.jdbc.PgConnections;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live job: the documents topic from the group's position on, unbounded, into the
 * {@link Pipeline}.
 */
public final class IngestJob {
    private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

    private IngestJob() {}

    /**
     * Adds the live job to {@code env}; the caller executes it. Prepares the store first, and reads
     * the dead-letter topic's size limit from Kafka, so the topic must exist.
     */
    public static void build(StreamExecutionEnvironment env, JobConfig config)
            throws ExecutionException, InterruptedException, SQLException {
        StoreSetup.prepare(config.sink().options().jdbcUrl(), config.sink().options().store(),
                config.model().spec());
        Pipeline.configure(env, config);
        LOG.info("building the ingest job: {} → {} (dead letters to {}), model {}, checkpoints every {},"
                + " database outages waited out for up to {}", config.topic(),
                PgConnections.redact(config.sink().options().jdbcUrl()), config.deadLetterTopic(),
                config.model().spec().id(), config.checkpointInterval(), config.sink().options().retry().outageBudget());
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setTopics(config.topic())
                .setGroupId(config.groupId())
                .setStartingOffsets(config.startingOffsets().toInitializer())
                .setDeserializer(new RawRecordDeserializer())
                .build();
        Pipeline.attach(config, env.fromSource(source, WatermarkStrategy.noWatermarks(), "kafka: " + config.topic())
                .uid("kafka-source"), 0, false);
    }
}

package io.vectorline.cli;

import io.vectorline.job.IngestJob;
import io.vectorline.job.JobConfig;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the streaming job: on an embedded MiniCluster, on the cluster {@code flink run} submits it
 * to, or on a remote cluster given its REST address.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streaming ingest job until cancelled.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    PipelineOptions pipeline = new PipelineOptions();

    @Mixin
    LiveSourceOptions source = new LiveSourceOptions();

    @Option(names = "--flink-rest", paramLabel = "HOST:PORT",
            description = "Submit to this Flink cluster's REST endpoint instead of running embedded.")
    String flinkRest;

    @Option(names = "--job-name", description = "Default: ${DEFAULT-VALUE}.")
    String jobName = "vectorline-ingest";

    @Option(names = "--create-topics", description = "Create the documents and dead-letter topics when missing.")
    boolean createTopics;

    @Option(names = "--documents-retention", description = "How a documents topic --create-topics makes keeps"
            + " records: COMPACT (every document's latest version for good; the default) or DELETE (the broker's"
            + " retention); see docs/backfill.md.")
    DocumentsRetention documentsRetention = DocumentsRetention.COMPACT;

    @Option(names = "--topic-partitions", description = "Partitions of topics --create-topics creates (default: ${DEFAULT-VALUE}).")
    int topicPartitions = 4;

    @Override
    public Integer call() throws Exception {
        JobConfig config = pipeline.toConfig(source.groupId, source.startingOffsets());
        List<String> topics = List.of(config.topic(), config.deadLetterTopic());
        if (createTopics) {
            KafkaTopics.create(config.bootstrapServers(), config.topic(), config.deadLetterTopic(), topicPartitions,
                    documentsRetention);
        }
        List<String> missing = KafkaTopics.missing(config.bootstrapServers(), topics);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Kafka topics " + missing + " do not exist at " + config.bootstrapServers()
                    + "; create them, or pass --create-topics");
        }
        StreamExecutionEnvironment env = FlinkEnvironments.of(flinkRest);
        IngestJob.build(env, config);
        env.execute(jobName);
        return 0;
    }
}

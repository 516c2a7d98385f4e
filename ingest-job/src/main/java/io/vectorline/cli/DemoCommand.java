package io.vectorline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.OnnxEmbedder;
import io.vectorline.job.IngestJob;
import io.vectorline.job.JobConfig;
import io.vectorline.job.StartingOffsets;
import io.vectorline.job.source.JsonlDocuments;
import io.vectorline.store.ChunkSearch;
import io.vectorline.store.jdbc.PgConnections;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline on one machine: publishes the bundled multi-tenant corpus to Kafka, runs
 * the job on an embedded Flink MiniCluster until every document is stored, then searches each
 * tenant. The {@code vectorline} launcher starts PostgreSQL and Kafka first.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Ingest the bundled sample corpus on an embedded Flink cluster and run sample searches.")
final class DemoCommand implements Callable<Integer> {
    private static final String CORPUS = "/demo/corpus.jsonl";
    private static final String QUERIES = "/demo/queries.jsonl";

    @Mixin
    KafkaOption kafka = new KafkaOption();

    @Mixin
    DatabaseOption database = new DatabaseOption();

    @Option(names = "--topic", description = "Topic for the sample corpus (default: ${DEFAULT-VALUE}).")
    String topic = "vectorline-demo";

    @Option(names = "--timeout", converter = DurationConverter.class,
            description = "Give up if ingestion takes longer (default: 10m).")
    Duration timeout = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<JsonlDocuments.Event> corpus;
        try (BufferedReader reader = resource(CORPUS)) {
            // a fresh version each run, so every run really ingests
            corpus = withVersion(JsonlDocuments.read(reader, Instant.now()), System.currentTimeMillis());
        }
        PipelineOptions pipeline = new PipelineOptions();
        pipeline.kafka = kafka;
        pipeline.database = database;
        pipeline.topic = topic;
        pipeline.checkpointInterval = Duration.ofSeconds(2);
        pipeline.flushAge = Duration.ofMillis(500);
        // read exactly what this run publishes, whatever earlier runs left in the topic
        JobConfig config = pipeline.toConfig("vectorline-demo-" + UUID.randomUUID(), StartingOffsets.at(Instant.now()));

        KafkaTopics.create(kafka.bootstrapServers, topic, config.deadLetterTopic(), 4, DocumentsRetention.COMPACT);

        out.printf("Starting the ingest job on an embedded Flink MiniCluster (model %s)…%n", config.model());
        out.flush();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        IngestJob.build(env, config);
        JobClient job = env.executeAsync("vectorline-demo");
        try {
            awaitRunning(job);
            long started = System.nanoTime();
            DocumentPublisher.publish(kafka.bootstrapServers, topic, corpus);
            out.printf("Published %d documents of %d tenants to Kafka topic '%s'; waiting for them in PostgreSQL…%n",
                    corpus.size(), corpus.stream().map(e -> e.key().getTenantId()).distinct().count(), topic);
            out.flush();
            int chunks = awaitStored(corpus, started);
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf("Ingested %d documents (%d chunks) in %.1f s: %.1f documents/s, %.1f chunks/s%n",
                    corpus.size(), chunks, seconds, corpus.size() / seconds, chunks / seconds);
            runQueries(config, out);
        } finally {
            job.cancel().get();
        }
        return 0;
    }

    private static List<JsonlDocuments.Event> withVersion(List<JsonlDocuments.Event> events, long version) {
        events.forEach(event -> event.value().setVersion(version));
        return events;
    }

    private void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (JobStatus status = job.getJobStatus().get(); status != JobStatus.RUNNING;
                status = job.getJobStatus().get()) {
            if (System.nanoTime() > deadline || status.isTerminalState()) {
                throw new IllegalStateException("the ingest job did not start: " + status);
            }
            Thread.sleep(100);
        }
    }

    /** Waits until every corpus document is stored at its version; returns the chunks stored. */
    private int awaitStored(List<JsonlDocuments.Event> corpus, long startedNanos) throws Exception {
        long version = corpus.get(0).value().getVersion();
        long deadline = startedNanos + timeout.toNanos();
        try (Connection connection = PgConnections.open(database.jdbcUrl);
                PreparedStatement count = connection.prepareStatement(
                        "SELECT count(*), coalesce(sum(chunk_count), 0) FROM documents WHERE version = ?")) {
            count.setLong(1, version);
            while (true) {
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= corpus.size()) {
                        return rs.getInt(2);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the corpus was not ingested within " + timeout);
                }
                Thread.sleep(200);
            }
        }
    }

    private void runQueries(JobConfig config, PrintWriter out) throws IOException, SQLException {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader queries = resource(QUERIES);
                OnnxEmbedder embedder = OnnxEmbedder.open(config.model(), EmbedderOptions.defaults());
                Connection connection = PgConnections.open(database.jdbcUrl)) {
            ChunkSearch search = new ChunkSearch(connection);
            String line;
            while ((line = queries.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode query = json.readTree(line);
                SearchPrinter.search(embedder, search, query.get("tenant_id").asText(), query.get("query").asText(), 3,
                        out);
            }
        }
    }

    private static BufferedReader resource(String name) {
        InputStream in = DemoCommand.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing from the jar");
        }
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}

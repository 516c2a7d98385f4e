package io.vectorline.cli;

import io.vectorline.job.JobConfig;
import io.vectorline.job.StartingOffsets;
import io.vectorline.job.StoreSetup;
import io.vectorline.job.backfill.BackfillDone;
import io.vectorline.job.backfill.BackfillJob;
import io.vectorline.job.backfill.BackfillPace;
import io.vectorline.job.backfill.BackfillPlan;
import io.vectorline.job.backfill.BackfillPositions;
import io.vectorline.job.backfill.BackfillRanges;
import io.vectorline.job.backfill.BackfillRecords;
import io.vectorline.job.backfill.FilePlan;
import io.vectorline.job.backfill.JsonlFiles;
import io.vectorline.job.backfill.OffsetBound;
import io.vectorline.job.backfill.StorePlan;
import io.vectorline.job.backfill.StoredDocuments;
import io.vectorline.job.backfill.TopicPlan;
import io.vectorline.job.backfill.source.JsonlPages;
import io.vectorline.job.backfill.source.StoredDocumentPages;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.PgConnections;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Re-ingests a slice of the documents topic, what the store holds, or JSON Lines files, with the
 * live job's pipeline, as a bounded job that ends by itself: paced, with progress, resumable by
 * name. Every check runs before any work.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Replay a range of the documents topic, what the store holds (--from-store), optionally of"
                + " some tenants only, or JSON Lines files (--from-file), through the pipeline, paced, showing"
                + " progress; ends by itself. The same command again resumes it."
                + " `backfill status` lists the backfills with their position (needs only --bootstrap-servers and"
                + " --jdbc-url).")
final class BackfillCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillCommand.class);

    @Parameters(arity = "0..1", paramLabel = "status", description = "List the backfills instead of running one.")
    String status;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Names the backfill: the same name resumes it where it stopped (required).")
    String name;

    @Option(names = "--from", paramLabel = "TIME|P:O,…",
            description = "Where the range starts: an ISO-8601 time, or offsets per partition (0:1200,1:950; other"
                    + " partitions from their beginning). Default: the topic's beginning.")
    String from;

    @Option(names = "--to", paramLabel = "TIME|P:O,…",
            description = "Where the range ends, exclusive: a time, or offsets per partition (other partitions to"
                    + " their end). Default: the topic's end when the backfill first starts.")
    String to;

    @Option(names = "--from-store",
            description = "Cut and embed again what the store holds (every stored document of --tenant, or of all"
                    + " tenants) instead of replaying the topic; needs no topic data. A stored version is written"
                    + " again only where the chunking settings or the model make other chunks of it.")
    boolean fromStore;

    @Option(names = "--from-file", paramLabel = "FILE.jsonl",
            description = "Replay these JSON Lines files (the format `produce` reads; repeatable, read in order)"
                    + " instead of the topic. Every line is checked first. With --flink-rest, every TaskManager"
                    + " must see them at the same path.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--tenant", paramLabel = "TENANT", description = "Replay only this tenant's events (repeatable).")
    List<String> tenants = new ArrayList<>();

    @Option(names = "--allow-new-tenants",
            description = "Accept --tenant values the store holds nothing of (e.g. to restore an erased tenant).")
    boolean allowNewTenants;

    @Option(names = "--max-documents-per-second", paramLabel = "N",
            description = "Documents (and deletions) per second across the whole job; 0 for no limit (default).")
    double maxDocumentsPerSecond;

    @Option(names = "--max-chunks-per-second", paramLabel = "N",
            description = "Chunks embedded per second across the whole job; 0 for no limit (default).")
    double maxChunksPerSecond;

    @Option(names = "--json", description = "Progress and summary as JSON objects, one per line.")
    boolean json;

    @Option(names = "--progress-every", converter = DurationConverter.class,
            description = "How often progress is reported (default: 2s).")
    Duration progressEvery = Duration.ofSeconds(2);

    @Option(names = "--flink-rest", paramLabel = "HOST:PORT",
            description = "Submit to this Flink cluster's REST endpoint instead of running embedded.")
    String flinkRest;

    @Mixin
    PipelineOptions pipeline = new PipelineOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (status != null) {
            if (!status.equals("status")) {
                throw new IllegalArgumentException("unknown action '" + status + "': `backfill` runs one,"
                        + " `backfill status` lists them");
            }
            BackfillStatus.print(pipeline.kafka.bootstrapServers, pipeline.database.jdbcUrl,
                    spec.commandLine().getOut());
            return 0;
        }
        BackfillPlan.requireName(name);
        if ((fromStore || !files.isEmpty()) && (from != null || to != null)) {
            throw new IllegalArgumentException("--from and --to bound a replay of the topic; --from-store and"
                    + " --from-file read everything they name");
        }
        if (!files.isEmpty() && (fromStore || !tenants.isEmpty())) {
            throw new IllegalArgumentException("--from-file replays whole files: not with --from-store or --tenant");
        }
        boolean fromTopic = !fromStore && files.isEmpty();
        Set<String> tenantSet = new LinkedHashSet<>(tenants);
        OffsetBound fromBound = OffsetBound.parse(from);
        OffsetBound toBound = OffsetBound.parse(to);
        BackfillPace pace = new BackfillPace(maxDocumentsPerSecond, maxChunksPerSecond);
        // the job reads as its plan's consumer group (BackfillJob), known once the plan is
        JobConfig config = pipeline.toConfig(BackfillPlan.newGroupId(name), StartingOffsets.committedOrEarliest());
        String jdbcUrl = config.sink().options().jdbcUrl();
        List<String> missing = KafkaTopics.missing(config.bootstrapServers(), fromTopic
                ? List.of(config.topic(), config.deadLetterTopic()) : List.of(config.deadLetterTopic()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("Kafka topics " + missing + " do not exist at "
                    + config.bootstrapServers());
        }
        StoreSetup.prepare(jdbcUrl, config.sink().options().store(), config.model().spec());
        ConnectionFactory connections = ConnectionFactory.of(jdbcUrl);
        BackfillRecords records = new BackfillRecords(connections);
        BackfillPositions positions = new BackfillPositions(connections);
        StoredDocuments stored = new StoredDocuments(connections, config.sink().options().tables());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", config.bootstrapServers()));
                BackfillRecords.Hold held = records.hold(name)) {
            if (!allowNewTenants) {
                requireKnownTenants(jdbcUrl, tenantSet);
            }
            if (flinkRest != null) {
                ClusterJobs.requireNoneRunning(flinkRest, jobName());
            }
            BackfillRanges ranges = new BackfillRanges(admin);
            BackfillDone done = new BackfillDone(ranges, positions);
            BackfillPlan plan = planOf(records, tenantSet, () -> fromStore ? stored.resolve(name, tenantSet)
                    : !files.isEmpty() ? JsonlFiles.resolve(name, files)
                    : ranges.resolve(name, config.topic(), fromBound, toBound, tenantSet), config.topic());
            long doneAtStart = done.of(plan);
            LOG.info("backfill {}: {} of {} records left to read", name, plan.total() - doneAtStart, plan.total());

            StreamExecutionEnvironment env = FlinkEnvironments.of(flinkRest);
            if (plan instanceof TopicPlan topicPlan) {
                BackfillJob.fromTopic(env, config, topicPlan, ranges.position(topicPlan), pace);
            } else if (plan instanceof StorePlan storePlan) {
                BackfillJob.fromSplits(env, config, plan, StoredDocumentPages.opener(connections,
                        config.sink().options().tables()), stored.splits(storePlan, positions), pace);
            } else {
                FilePlan filePlan = (FilePlan) plan;
                BackfillJob.fromSplits(env, config, plan, JsonlPages.opener(), JsonlFiles.splits(filePlan, positions),
                        pace);
            }
            long started = System.nanoTime();
            JobExecutionResult result;
            try (BackfillProgress progress = new BackfillProgress(done, plan, doneAtStart,
                    spec.commandLine().getOut(), progressStyle(), progressEvery)) {
                JobClient job = env.executeAsync(jobName());
                // Ctrl-C stops the job too, also on a remote cluster; it resumes when run again
                Thread cancelOnExit = new Thread(() -> job.cancel(), "cancel-backfill");
                Runtime.getRuntime().addShutdownHook(cancelOnExit);
                try {
                    result = job.getJobExecutionResult().get();
                } finally {
                    Runtime.getRuntime().removeShutdownHook(cancelOnExit);
                }
            }
            BackfillSummary summary = BackfillSummary.of(name, plan.total() - doneAtStart, result,
                    (System.nanoTime() - started) / 1e9);
            records.finish(name, summary.json());
            spec.commandLine().getOut().println(json ? summary.json() : summary.text());
            return 0;
        }
    }

    private String jobName() {
        return "vectorline-backfill-" + name;
    }

    /** A plan not recorded yet, checked against what is there. */
    @FunctionalInterface
    private interface NewPlan {
        BackfillPlan resolve() throws Exception;
    }

    /** The recorded plan when resuming, checked against the command's options; a new one, recorded, otherwise. */
    private BackfillPlan planOf(BackfillRecords records, Set<String> tenantSet, NewPlan newPlan, String topic)
            throws Exception {
        Optional<BackfillRecords.Recorded> recorded = records.find(name);
        if (recorded.isPresent()) {
            BackfillRecords.Recorded earlier = recorded.get();
            if (earlier.finished()) {
                throw new IllegalArgumentException("backfill " + name + " finished at " + earlier.finishedAt()
                        + "; choose another --name to replay again");
            }
            String source = BackfillRecords.sourceName(fromStore || !files.isEmpty() ? null : topic,
                    files.stream().map(JsonlFiles::pathOf).toList());
            if (!earlier.sameAs(source, tenantSet, from, to)) {
                throw new IllegalArgumentException("backfill " + name + " was started with other options (reading "
                        + earlier.source() + ", tenants " + earlier.plan().tenants() + ", --from " + earlier.from()
                        + ", --to " + earlier.to() + "); run it with those to resume it, or choose another --name");
            }
            LOG.info("resuming backfill {} (started {})", name, earlier.startedAt());
            return earlier.plan();
        }
        BackfillPlan plan = newPlan.resolve();
        records.record(plan, from, to);
        return plan;
    }

    private static void requireKnownTenants(String jdbcUrl, Set<String> tenants) throws SQLException {
        if (tenants.isEmpty()) {
            return;
        }
        Set<String> unknown = new HashSet<>(tenants);
        try (Connection connection = PgConnections.open(jdbcUrl);
                PreparedStatement known = connection.prepareStatement(
                        "SELECT tenant_id FROM documents WHERE tenant_id = ANY (?) GROUP BY tenant_id")) {
            known.setArray(1, connection.createArrayOf("text", tenants.toArray()));
            try (ResultSet rs = known.executeQuery()) {
                while (rs.next()) {
                    unknown.remove(rs.getString(1));
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("the store holds no documents of tenants " + unknown
                    + "; check the names, or pass --allow-new-tenants");
        }
    }

    private BackfillProgress.Style progressStyle() {
        if (json) {
            return BackfillProgress.Style.JSON;
        }
        return System.console() != null ? BackfillProgress.Style.TERMINAL : BackfillProgress.Style.LINES;
    }
}

package io.vectorline.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectorline.bench.FlinkRestReader;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A job as the JobManager's REST API shows it. Job details and exceptions come from a cache the
 * JobManager refreshes every {@code web.refresh-interval} (3 s), job metrics every
 * {@code metrics.fetcher.update-interval} (10 s); the timestamps inside are exact.
 */
final class FlinkRest {
    private static final Set<String> TERMINAL = Set.of("FAILED", "CANCELED", "FINISHED");
    /** Longer than the metric fetcher's interval, so a metric read after it is fresh. */
    private static final Duration METRICS_SETTLE = Duration.ofSeconds(11);

    /** One operator chain: how many of its subtasks run. */
    record Vertex(String id, String name, int parallelism, int running) {}

    record Job(String state, List<Vertex> vertices) {
        boolean allRunning() {
            return state.equals("RUNNING") && !vertices.isEmpty()
                    && vertices.stream().allMatch(v -> v.running() == v.parallelism());
        }

        boolean terminal() {
            return TERMINAL.contains(state);
        }
    }

    /**
     * When the job failed and was restarted, from its exception history: one entry per failover,
     * concurrent failures folded into it. The JobManager keeps the last
     * {@code web.exception-history-size} (16); {@code truncated} says older ones were dropped.
     */
    record Failures(List<Instant> timestamps, boolean truncated) {
        /** Failovers at or after {@code from} and before {@code to}. */
        List<Instant> between(Instant from, Instant to) {
            return timestamps.stream().filter(t -> !t.isBefore(from) && t.isBefore(to)).toList();
        }
    }

    private final FlinkRestReader rest;

    FlinkRest(String base) {
        this.rest = new FlinkRestReader(base);
    }

    Job job(String jobId) throws IOException, InterruptedException {
        JsonNode details = rest.get("/jobs/" + jobId);
        List<Vertex> vertices = new ArrayList<>();
        for (JsonNode v : details.path("vertices")) {
            vertices.add(new Vertex(v.path("id").asText(), v.path("name").asText(), v.path("parallelism").asInt(),
                    v.path("tasks").path("RUNNING").asInt()));
        }
        return new Job(details.path("state").asText(), vertices);
    }

    /**
     * When the last subtask of the job switched to RUNNING in its current attempt; empty while a
     * subtask has not.
     */
    Optional<Instant> runningSince(String jobId, Job job) throws IOException, InterruptedException {
        long latest = 0;
        for (Vertex vertex : job.vertices()) {
            JsonNode times = rest.get("/jobs/" + jobId + "/vertices/" + vertex.id() + "/subtasktimes");
            for (JsonNode subtask : times.path("subtasks")) {
                long running = subtask.path("timestamps").path("RUNNING").asLong(0);
                if (running <= 0) {
                    return Optional.empty();
                }
                latest = Math.max(latest, running);
            }
        }
        return latest > 0 ? Optional.of(Instant.ofEpochMilli(latest)) : Optional.empty();
    }

    Failures failures(String jobId) throws IOException, InterruptedException {
        JsonNode history = rest.get("/jobs/" + jobId + "/exceptions?maxExceptions=1000").path("exceptionHistory");
        List<Instant> timestamps = new ArrayList<>();
        for (JsonNode entry : history.path("entries")) {
            timestamps.add(Instant.ofEpochMilli(entry.path("timestamp").asLong()));
        }
        timestamps.sort(null);
        return new Failures(List.copyOf(timestamps), history.path("truncated").asBoolean());
    }

    /** The job's {@code numRestarts} metric, read after the metric cache has refreshed. */
    OptionalLong numRestarts(String jobId) throws IOException, InterruptedException {
        Thread.sleep(METRICS_SETTLE.toMillis());
        String path = "/jobs/" + jobId + "/metrics?get=numRestarts";
        rest.get(path);
        Thread.sleep(1_000);
        for (JsonNode metric : rest.get(path)) {
            if (metric.path("id").asText().equals("numRestarts")) {
                return OptionalLong.of(Long.parseLong(metric.path("value").asText()));
            }
        }
        return OptionalLong.empty();
    }
}

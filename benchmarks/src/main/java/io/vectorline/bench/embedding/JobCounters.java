package io.vectorline.bench.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import io.vectorline.bench.FlinkRestReader;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The job's own chunk counters (such as {@code embeddedChunks}), read from the embedded cluster's
 * REST API and summed over subtasks: whatever counters the job exposes, no code change needed here.
 */
final class JobCounters {
    /** Flink's web layer caches metrics and refreshes them at most this often. */
    private static final Duration FETCH_INTERVAL = Duration.ofSeconds(10);
    private static final Pattern WANTED = Pattern.compile("(?i).*(chunk|skip|reuse|unchanged|embed).*");

    private final FlinkRestReader rest;

    JobCounters(String restAddress) {
        this.rest = new FlinkRestReader(restAddress);
    }

    /**
     * The counters as they stand once everything before this call is counted: waits out the
     * metric cache, triggers a fetch, then reads what it fetched.
     */
    Map<String, Long> readSettled() throws IOException, InterruptedException {
        Thread.sleep(FETCH_INTERVAL.toMillis() + 500);
        read();
        Thread.sleep(2_000);
        return read();
    }

    Map<String, Long> read() throws IOException, InterruptedException {
        Map<String, Long> totals = new TreeMap<>();
        for (JsonNode job : rest.get("/jobs").path("jobs")) {
            if (!"RUNNING".equals(job.path("status").asText())) {
                continue;
            }
            String jobPath = "/jobs/" + job.path("id").asText();
            for (JsonNode vertex : rest.get(jobPath).path("vertices")) {
                String metricsPath = jobPath + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
                List<String> ids = new ArrayList<>();
                for (JsonNode metric : rest.get(metricsPath)) {
                    String id = metric.path("id").asText();
                    if (WANTED.matcher(shortName(id)).matches()) {
                        ids.add(id);
                    }
                }
                if (ids.isEmpty()) {
                    continue;
                }
                String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
                for (JsonNode value : rest.get(metricsPath + "?get=" + query)) {
                    totals.merge(shortName(value.path("id").asText()), (long) value.path("sum").asDouble(), Long::sum);
                }
            }
        }
        return totals;
    }

    /** Operator metrics are named {@code <operator>.<metric>}. */
    private static String shortName(String id) {
        return id.substring(id.lastIndexOf('.') + 1);
    }

}

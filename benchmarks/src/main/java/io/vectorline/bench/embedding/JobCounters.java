package io.vectorline.bench.embedding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;

    JobCounters(String restAddress) {
        this.base = restAddress;
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
        for (JsonNode job : get("/jobs").path("jobs")) {
            if (!"RUNNING".equals(job.path("status").asText())) {
                continue;
            }
            String jobPath = "/jobs/" + job.path("id").asText();
            for (JsonNode vertex : get(jobPath).path("vertices")) {
                String metricsPath = jobPath + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
                List<String> ids = new ArrayList<>();
                for (JsonNode metric : get(metricsPath)) {
                    String id = metric.path("id").asText();
                    if (WANTED.matcher(shortName(id)).matches()) {
                        ids.add(id);
                    }
                }
                if (ids.isEmpty()) {
                    continue;
                }
                String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
                for (JsonNode value : get(metricsPath + "?get=" + query)) {
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

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }
}

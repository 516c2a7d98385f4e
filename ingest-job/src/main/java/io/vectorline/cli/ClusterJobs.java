package io.vectorline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The jobs a Flink cluster runs, from its REST API ({@code GET /jobs/overview}): a backfill whose
 * CLI was killed goes on there, and the same backfill started again beside it would do its work twice.
 */
final class ClusterJobs {
    /** States after which a job does nothing more. */
    private static final Set<String> ENDED = Set.of("FINISHED", "CANCELED", "FAILED");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterJobs() {}

    /** Fails, naming them, while jobs called {@code name} have not ended on the cluster at {@code flinkRest}. */
    static void requireNoneRunning(String flinkRest, String name) throws IOException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build().send(
                    HttpRequest.newBuilder(URI.create("http://" + flinkRest + "/jobs/overview"))
                            .timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot ask the Flink cluster at " + flinkRest + " for its jobs: " + e, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException("Flink at " + flinkRest + " answered " + response.statusCode()
                    + " to /jobs/overview: " + response.body());
        }
        List<String> running = new ArrayList<>();
        for (JsonNode job : JSON.readTree(response.body()).path("jobs")) {
            if (name.equals(job.path("name").asText()) && !ENDED.contains(job.path("state").asText())) {
                running.add(job.path("jid").asText() + " (" + job.path("state").asText() + ")");
            }
        }
        if (!running.isEmpty()) {
            throw new IllegalStateException("job " + name + " still runs on the Flink cluster at " + flinkRest + ": "
                    + String.join(", ", running) + "; wait for it to end, or cancel it (flink cancel <id>), then"
                    + " run the backfill again to resume it");
        }
    }
}

package io.vectorline.bench.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.cli.VectorlineCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vectorline backfill} as the benchmark runs it: in this JVM, its JSON summary read back,
 * or in a JVM of its own as a user's CLI. Every run replays the whole topic, unpaced unless asked,
 * with the embedding benchmark's chunking.
 */
final class BackfillRuns {
    /** What a finished backfill reports. */
    record Summary(double seconds, long records, long embeddedChunks, long staleDocuments) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;

    BackfillRuns(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    Summary run(String jdbcUrl, String topic, String name, String... more) throws Exception {
        List<String> args = args(jdbcUrl, topic, name);
        args.addAll(List.of(more));
        StringWriter output = new StringWriter();
        StringWriter errors = new StringWriter();
        int exit = VectorlineCli.commandLine().setOut(new PrintWriter(output)).setErr(new PrintWriter(errors))
                .execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("backfill " + name + " failed (" + exit + "): " + errors);
        }
        String[] lines = output.toString().strip().split("\\R");
        JsonNode summary = JSON.readTree(lines[lines.length - 1]);
        return new Summary(summary.get("seconds").asDouble(), summary.get("records").asLong(),
                summary.get("embeddedChunks").asLong(), summary.get("staleDocuments").asLong());
    }

    /** The CLI in a JVM of its own, its output in {@code benchmarks/target/backfill-<name>.log}. */
    Process child(String jdbcUrl, String topic, String name, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                VectorlineCli.class.getName()));
        command.addAll(args(jdbcUrl, topic, name));
        command.addAll(List.of(more));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log(name).toFile()));
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        return builder.start();
    }

    static Path log(String name) {
        return Path.of("benchmarks", "target", "backfill-" + name + ".log");
    }

    private List<String> args(String jdbcUrl, String topic, String name) {
        return new ArrayList<>(List.of("backfill", "--name", name, "--bootstrap-servers", bootstrapServers,
                "--jdbc-url", jdbcUrl, "--topic", topic, "--allow-new-tenants", "--json", "--checkpoint-interval",
                "1s", "--chunk-tokens", "126", "--overlap-tokens", "0"));
    }
}

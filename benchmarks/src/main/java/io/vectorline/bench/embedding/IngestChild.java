package io.vectorline.bench.embedding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real {@code vectorline run} in a child JVM, as a user starts it: its own heap, its own
 * resident memory (read from {@code /proc}), its output in a log file.
 */
public final class IngestChild implements AutoCloseable {
    /** Logged by the embedded cluster's REST endpoint at INFO (the child's log configuration keeps that line). */
    private static final Pattern REST_ENDPOINT = Pattern.compile("Rest endpoint listening at ([^:\\s]+):(\\d+)");
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Duration STOP_GRACE = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;

    private IngestChild(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -Xms<heap> -Xmx<heap> -XX:+AlwaysPreTouch -cp <classpath>
     * io.vectorline.cli.VectorlineCli run <runArgs>} with ONNX Runtime's telemetry off (it overflows
     * a thread stack on long command lines). The heap is fixed and touched at start, as Flink starts
     * TaskManagers with {@code -Xms} equal to {@code -Xmx}: resident memory then grows only with
     * native memory, and what the job keeps on the heap is read separately ({@link #liveHeapKiB}).
     */
    public static IngestChild start(String heap, String classpath, Path logConfig, List<String> runArgs, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms" + heap);
        command.add("-Xmx" + heap);
        command.add("-XX:+AlwaysPreTouch");
        command.add("-Dlog4j2.configurationFile=" + logConfig.toAbsolutePath());
        command.add("-cp");
        command.add(classpath);
        command.add("io.vectorline.cli.VectorlineCli");
        command.add("run");
        command.addAll(runArgs);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
        return new IngestChild(builder.start(), log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Fails with the end of the child's log when it has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the ingest job exited with " + process.exitValue() + "; end of " + log
                    + ":\n" + logTail(40));
        }
    }

    /** Peak resident set size so far ({@code VmHWM}), in KiB. */
    long peakRssKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/" + pid() + "/status");
    }

    /** The heap still in use after a full collection, in KiB: what the job keeps, garbage excluded. */
    long liveHeapKiB() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = HEAP_USED.matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("no heap use in jcmd GC.heap_info of " + pid());
        }
        return Long.parseLong(used.group(1));
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    /** The embedded Flink cluster's REST address, once the child has logged it. */
    Optional<String> restAddress() throws IOException {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        Matcher matcher = REST_ENDPOINT.matcher(Files.readString(log));
        return matcher.find() ? Optional.of("http://" + matcher.group(1) + ":" + matcher.group(2)) : Optional.empty();
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, so the cluster shuts down cleanly; killed if it is still there after a grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}

package io.vectorline.bench.faults;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The standalone session cluster of {@code deploy/local/flink.sh}, driven through that script. */
final class FlinkCluster {
    /** One line of {@code flink.sh taskmanagers}. */
    record TaskManager(int index, String resourceId, long pid, boolean alive) {}

    private static final String SCRIPT = "deploy/local/flink.sh";
    /** The first start resolves Flink's jars with Maven. */
    private static final Duration START = Duration.ofMinutes(15);
    private static final Duration STOP = Duration.ofMinutes(3);
    private static final Duration SUBMIT = Duration.ofMinutes(3);
    private static final Duration QUICK = Duration.ofSeconds(60);

    private final Path logDir;

    FlinkCluster(Path stateDir) {
        this.logDir = stateDir.resolve("flink").resolve("log");
    }

    Path logDir() {
        return logDir;
    }

    void start(int taskManagers) throws IOException, InterruptedException {
        flink(START, "start", "--taskmanagers", Integer.toString(taskManagers));
    }

    void stop() throws IOException, InterruptedException {
        flink(STOP, "stop");
    }

    String restUrl() throws IOException, InterruptedException {
        return flink(QUICK, "rest").strip();
    }

    /** {@code flink run -d}: the job id. */
    String submit(Path jar, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT, "run", jar.toString()));
        command.addAll(args);
        String out = Commands.run(SUBMIT, command).strip();
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    void cancel(String jobId) throws IOException, InterruptedException {
        flink(SUBMIT, "cancel", jobId);
    }

    /** SIGKILL to TaskManager {@code index}; returns once the process is gone. */
    void kill(int index) throws IOException, InterruptedException {
        flink(QUICK, "kill-taskmanager", Integer.toString(index));
    }

    /** Starts TaskManager {@code index} again; returns once its slots are registered. */
    void restart(int index) throws IOException, InterruptedException {
        flink(START, "restart-taskmanager", Integer.toString(index));
    }

    List<TaskManager> taskManagers() throws IOException, InterruptedException {
        List<TaskManager> taskManagers = new ArrayList<>();
        for (String line : flink(QUICK, "taskmanagers").strip().split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length == 4) {
                taskManagers.add(new TaskManager(Integer.parseInt(f[0]), f[1],
                        f[2].equals("-") ? -1 : Long.parseLong(f[2]), f[3].equals("alive")));
            }
        }
        return taskManagers;
    }

    private static String flink(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT));
        command.addAll(List.of(args));
        return Commands.run(timeout, command);
    }
}

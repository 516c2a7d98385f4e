package io.vectorline.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The broker of {@code deploy/local/kafka.sh} (its pid in {@code <state dir>/kafka/kafka.pid}), and its sudden death. */
final class LocalKafka {
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration DIES = Duration.ofSeconds(30);

    private final Path pidFile;

    LocalKafka(Path stateDir) {
        this.pidFile = stateDir.resolve("kafka").resolve("kafka.pid");
    }

    /** Starts the broker unless it runs; returns once it accepts connections. */
    void start() throws IOException, InterruptedException {
        Commands.run(START, List.of("bash", "deploy/local/kafka.sh", "start"));
    }

    /** SIGKILL to the broker; returns once it is gone. */
    void killBroker() throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        if (Processes.gone(pid) || !Processes.commandLine(pid).contains("kafka.Kafka")) {
            throw new IllegalStateException("no broker runs as pid " + pid + " (" + pidFile + ")");
        }
        Processes.kill(pid);
        Processes.awaitGone(List.of(pid), DIES);
    }
}

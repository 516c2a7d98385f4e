package io.vectorline.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL cluster of {@code deploy/local/postgres.sh} ({@code <state dir>/postgres/data}),
 * and the ways it is made to fail. Server commands run as the cluster's owner: {@code postgres}
 * when the script runs as root, because PostgreSQL refuses to run as root.
 */
final class LocalPostgres {
    private static final List<String> SCRIPT = List.of("bash", "deploy/local/postgres.sh");
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
    /** Crash recovery after an immediate stop replays the WAL written since the last checkpoint. */
    private static final Duration RESTART = Duration.ofMinutes(3);
    private static final Duration ORPHANS_EXIT = Duration.ofSeconds(60);

    private final Path data;
    private final Path log;
    private final Path pgCtl;

    LocalPostgres(Path stateDir, Path serverBin) {
        this.data = stateDir.resolve("postgres").resolve("data").toAbsolutePath();
        this.log = stateDir.resolve("postgres").resolve("postgres.log").toAbsolutePath();
        this.pgCtl = serverBin.resolve("pg_ctl");
    }

    /** Starts the cluster unless it runs; returns once it accepts connections. */
    void start() throws IOException, InterruptedException {
        Commands.run(SCRIPT_TIMEOUT, with(SCRIPT, "start"));
    }

    /** A fast shutdown: sessions are ended, the server writes a checkpoint and exits. */
    void stop() throws IOException, InterruptedException {
        Commands.run(SCRIPT_TIMEOUT, with(SCRIPT, "stop"));
    }

    /** {@code pg_ctl restart -m immediate}: the server quits without a checkpoint and starts with crash recovery. */
    void restartImmediately() throws IOException, InterruptedException {
        asOwner(List.of(pgCtl.toString(), "-D", data.toString(), "-l", log.toString(), "-m", "immediate", "-w",
                "-t", Long.toString(RESTART.toSeconds()), "-s", "restart"));
    }

    /**
     * SIGKILL to the postmaster. Its other processes notice and exit; a new postmaster refuses to
     * start while one of them still holds the old shared memory, so this returns once they are gone.
     */
    void killPostmaster() throws IOException, InterruptedException {
        Path pidFile = data.resolve("postmaster.pid");
        List<String> lock = Files.readAllLines(pidFile);
        long pid = Long.parseLong(lock.get(0).strip());
        List<Long> processes = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(p -> p.children().forEach(child -> processes.add(child.pid())));
        Processes.kill(pid);
        Processes.awaitGone(processes, ORPHANS_EXIT);
        if (Processes.exists(pid)) {
            // An unreaped zombie still answers kill -0, so the new postmaster would take both lock
            // files (the data directory's and the socket's, which name the old pid) for a running server's.
            Files.deleteIfExists(pidFile);
            Path socketDir = Path.of(lock.get(4).strip());
            String port = lock.get(3).strip();
            Files.deleteIfExists(socketDir.resolve(".s.PGSQL." + port + ".lock"));
            Files.deleteIfExists(socketDir.resolve(".s.PGSQL." + port));
        }
    }

    private void asOwner(List<String> command) throws IOException, InterruptedException {
        String owner = Files.getOwner(data).getName();
        List<String> full = new ArrayList<>();
        if (!owner.equals(System.getProperty("user.name"))) {
            full.addAll(List.of("runuser", "-u", owner, "--"));
        }
        full.addAll(command);
        // the owner may not be allowed into the working directory
        Commands.run(Path.of("/"), RESTART, full);
    }

    private static List<String> with(List<String> command, String arg) {
        List<String> full = new ArrayList<>(command);
        full.add(arg);
        return full;
    }
}

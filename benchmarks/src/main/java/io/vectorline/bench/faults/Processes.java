package io.vectorline.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.OptionalLong;

/** Processes of the local services, read from {@code /proc} and killed by pid. */
final class Processes {
    private static final Duration POLL = Duration.ofMillis(100);

    private Processes() {}

    /** SIGKILL, as {@code kill -9} sends it. */
    static void kill(long pid) {
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid));
        if (!process.destroyForcibly()) {
            throw new IllegalStateException("not allowed to kill process " + pid);
        }
    }

    /**
     * Gone, or a zombie: where nothing reaps orphans (some containers' init), a killed daemon stays
     * a zombie that holds no port, file or memory any more.
     */
    static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    /** The process, a zombie included, is still in the process table. */
    static boolean exists(long pid) {
        return Files.exists(Path.of("/proc", Long.toString(pid)));
    }

    static void awaitGone(Collection<Long> pids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long pid : pids) {
            while (!gone(pid)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("process " + pid + " is still there " + timeout.toSeconds()
                            + " s after SIGKILL");
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }

    static String commandLine(long pid) throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    }

    /** A {@code /proc/<pid>/status} figure in KiB, such as {@code VmRSS}; empty once the process is gone. */
    static OptionalLong statusKiB(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}

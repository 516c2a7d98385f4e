package io.vectorline.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to completion with its output in temporary files, never pipes: a daemon the
 * command starts would otherwise hold our end of a pipe open for as long as it runs.
 */
final class Commands {
    private Commands() {}

    /** The command's standard output; fails with its output when it exits non-zero or outlasts {@code timeout}. */
    static String run(Path directory, Duration timeout, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("vectorline-faults-", ".out");
        Path err = Files.createTempFile("vectorline-faults-", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s");
            }
            String stdout = Files.readString(out);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": "
                        + (Files.readString(err) + stdout).strip());
            }
            return stdout;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@link #run(Path, Duration, List)} in the working directory, the repository's root. */
    static String run(Duration timeout, List<String> command) throws IOException, InterruptedException {
        return run(Path.of("").toAbsolutePath(), timeout, command);
    }
}

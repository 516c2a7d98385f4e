package io.vectorline.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run's Flink logs, copied aside, and the lines around a fault that tell what the job did: the
 * job's own loggers ({@code io.vectorline}) and Flink's failovers.
 */
final class LogExcerpts {
    /**
     * The layout flink.sh writes, {@code %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n}, in local
     * time; {@code %x}, the empty context stack, prints {@code []}.
     */
    private static final Pattern LINE = Pattern.compile(
            "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) +(\\S+) +(\\S+) +(?:\\[[^\\]]*\\] +)?- (.*)$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final Pattern FLINK_FAILOVER = Pattern.compile("switched from RUNNING to FAILED|switched from state"
            + "|tasks will be restarted|is no longer reachable|eartbeat of TaskManager");
    private static final String JOB_LOGGERS = "io.vectorline.";
    private static final int MAX_CHARS = 400;

    private final List<Path> logs;

    private LogExcerpts(List<Path> logs) {
        this.logs = logs;
    }

    /**
     * Copies the JobManager's and TaskManagers' logs written since {@code since} into {@code target}
     * (emptied first); a TaskManager started again rolls its log, so a killed one's is among them.
     */
    static LogExcerpts copy(Path logDir, Path target, Instant since) throws IOException {
        Files.createDirectories(target);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(target)) {
            for (Path file : old) {
                Files.delete(file);
            }
        }
        List<Path> copied = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logDir, "{taskmanager-*,jobmanager.*}")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isAfter(since)) {
                    copied.add(Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.COPY_ATTRIBUTES));
                }
            }
        }
        copied.sort(Comparator.comparing(Path::toString));
        return new LogExcerpts(copied);
    }

    List<Path> files() {
        return logs;
    }

    /** Matching lines logged from {@code from} to {@code to}, in time order, each prefixed with its file. */
    List<String> between(Instant from, Instant to) throws IOException {
        List<TimedLine> lines = new ArrayList<>();
        for (Path log : logs) {
            if (!log.getFileName().toString().contains(".log")) {
                continue;
            }
            for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!m.matches() || !(m.group(3).startsWith(JOB_LOGGERS) || FLINK_FAILOVER.matcher(m.group(4)).find())) {
                    continue;
                }
                Instant at = LocalDateTime.parse(m.group(1), TIME).atZone(ZoneId.systemDefault()).toInstant();
                if (!at.isBefore(from) && !at.isAfter(to)) {
                    String shown = m.group(1).substring(11) + " " + log.getFileName() + " " + m.group(2) + " "
                            + m.group(3).substring(m.group(3).lastIndexOf('.') + 1) + ": " + m.group(4);
                    lines.add(new TimedLine(at,
                            shown.length() <= MAX_CHARS ? shown : shown.substring(0, MAX_CHARS) + "…"));
                }
            }
        }
        lines.sort(Comparator.comparing(TimedLine::at));
        return lines.stream().map(TimedLine::text).toList();
    }

    private record TimedLine(Instant at, String text) {}
}

package io.vectorline.job.backfill;

import io.vectorline.job.backfill.source.ReplaySplit;
import io.vectorline.job.source.JsonlDocuments;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Plans backfills of JSON Lines files: every line checked, as {@code produce} does, before any work. */
public final class JsonlFiles {
    private JsonlFiles() {}

    /** How a plan names a file, and a run finds it again to resume: absolute and normalized. */
    public static String pathOf(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    /** The plan of a new backfill of {@code files}; fails naming every bad line, or when they hold nothing. */
    public static FilePlan resolve(String name, List<Path> files) throws IOException {
        List<String> paths = new ArrayList<>();
        long events = 0;
        for (Path file : files) {
            Path path = Path.of(pathOf(file));
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException("cannot read file " + path);
            }
            try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                events += JsonlDocuments.count(reader, Instant.now());
            } catch (JsonlDocuments.InvalidLinesException e) {
                throw new IllegalArgumentException(path + " has lines that are not document events; nothing was"
                        + " replayed:" + System.lineSeparator() + e.getMessage(), e);
            } catch (CharacterCodingException e) {
                throw new IllegalArgumentException(path + " is not UTF-8 text; nothing was replayed", e);
            }
            paths.add(path.toString());
        }
        if (events == 0) {
            throw new IllegalArgumentException("the files hold no events: nothing to replay");
        }
        return new FilePlan(name, BackfillPlan.newGroupId(name), paths, events);
    }

    /** A split per file of the plan, from where the backfill's readers last recorded. */
    public static List<ReplaySplit> splits(FilePlan plan, BackfillPositions positions) throws SQLException {
        Map<String, ReplaySplit> recorded = positions.of(plan.name());
        return plan.files().stream().map(file -> recorded.getOrDefault(file, ReplaySplit.start(file))).toList();
    }
}

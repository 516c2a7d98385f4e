package io.vectorline.cli;

import io.vectorline.job.JobConfig;
import io.vectorline.job.StartingOffsets;
import java.time.Instant;
import picocli.CommandLine.Option;

/** Where the live job reads the documents topic from: its consumer group, and where a new group starts. */
final class LiveSourceOptions {
    @Option(names = "--group-id", description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId = JobConfig.DEFAULT_GROUP_ID;

    @Option(names = "--start-from", description = "Where a group with no committed offsets starts: EARLIEST or"
            + " LATEST (default: ${DEFAULT-VALUE}); ignored with --start-at.")
    StartFrom startFrom = StartFrom.EARLIEST;

    @Option(names = "--start-at", paramLabel = "ISO-8601",
            description = "Start from the first record at or after this time, e.g. 2026-11-21T10:00:00Z.")
    Instant startAt;

    enum StartFrom { EARLIEST, LATEST }

    StartingOffsets startingOffsets() {
        if (startAt != null) {
            return StartingOffsets.at(startAt);
        }
        return startFrom == StartFrom.EARLIEST
                ? StartingOffsets.committedOrEarliest()
                : StartingOffsets.committedOrLatest();
    }
}

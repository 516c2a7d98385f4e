package io.vectorline.bench.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one run of the job gave. A run that stopped early has {@code aborted} set, and null for
 * what it did not get to.
 *
 * @param faults the faults that recovered, in order
 * @param failures the job's failovers; null if the JobManager could not be asked
 * @param logs where the run's Flink logs were copied; null if they were not
 */
record RunResult(String name, String topic, String database, String jdbcUrl, List<FaultOutcome> faults,
        StoredState.CorpusCheck corpus, DeadLetterTally.Outcome deadLetters, OptionalLong numRestarts,
        FlinkRest.Failures failures, String aborted, Duration took, Path logs) {}

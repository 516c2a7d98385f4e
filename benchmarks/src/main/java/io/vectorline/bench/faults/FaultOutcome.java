package io.vectorline.bench.faults;

import java.util.List;

/**
 * One fault of a run, as measured.
 *
 * @param taskManagerRss each TaskManager's VmRSS once the job had recovered
 * @param restarts failovers from the injection until the next fault's (or the end of the run)
 * @param log the job's and Flink's log lines from the injection until the recovery
 */
record FaultOutcome(Fault fault, FaultInjector.Window window, RecoveryWatch.Recovery recovery, String taskManagerRss,
        int restarts, List<String> log) {}

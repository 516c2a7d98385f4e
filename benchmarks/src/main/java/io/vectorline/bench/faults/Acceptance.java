package io.vectorline.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The acceptance thresholds, each checked against what the runs measured. */
final class Acceptance {
    static final Duration FIRST_WRITE_WITHIN = Duration.ofSeconds(10);
    static final int RESTARTS_PER_TASK_MANAGER_KILL = 1;

    record Check(String name, String measured, String threshold, boolean passed) {}

    private Acceptance() {}

    /** {@code faulted} and {@code comparison} are null when the run before them stopped early. */
    static List<Check> checks(RunResult control, RunResult faulted, List<Fault> planned,
            List<StateComparison.Table> comparison) {
        List<Check> checks = new ArrayList<>();
        checks.add(corpus("control run: stored state = the corpus's final state", control));
        checks.add(corpus("faulted run: stored state = the corpus's final state", faulted));
        int recovered = faulted == null ? 0 : faulted.faults().size();
        checks.add(new Check("faulted run: every fault recovered from",
                recovered + " of " + planned.size() + (faulted != null && faulted.aborted() != null
                        ? "; stopped: " + faulted.aborted() : ""), "all", recovered == planned.size()
                        && faulted != null && faulted.aborted() == null));
        if (faulted != null) {
            for (int i = 0; i < faulted.faults().size(); i++) {
                FaultOutcome o = faulted.faults().get(i);
                String which = "fault " + (i + 1) + " (" + o.fault().label() + "): ";
                if (o.fault().kind() == Fault.Kind.TASK_MANAGER_KILL) {
                    checks.add(new Check(which + "restarts", restarts(o.restarts()),
                            "≤ " + RESTARTS_PER_TASK_MANAGER_KILL,
                            o.restarts() >= 0 && o.restarts() <= RESTARTS_PER_TASK_MANAGER_KILL));
                }
                if (o.fault().kind() == Fault.Kind.POSTGRES_OUTAGE) {
                    checks.add(new Check(which + "restarts", restarts(o.restarts()), "0", o.restarts() == 0));
                }
                if (o.fault().database()) {
                    Duration firstWrite = o.recovery().toFirstWrite();
                    checks.add(new Check(which + "first write after the database is back", seconds(firstWrite),
                            "≤ " + FIRST_WRITE_WITHIN.toSeconds() + " s", firstWrite.compareTo(FIRST_WRITE_WITHIN) <= 0));
                }
            }
        }
        checks.add(comparison == null
                ? new Check("final state: control = faulted, every table", "not compared: a run stopped early",
                        "identical", false)
                : new Check("final state: control = faulted, every table", comparison.stream()
                        .map(t -> String.format("%s %,d rows %s", t.name(), t.controlRows(),
                                t.identical() ? "identical" : t.differing() + " differing"))
                        .reduce((a, b) -> a + "; " + b).orElse("no tables"), "identical",
                        comparison.stream().allMatch(StateComparison.Table::identical)));
        checks.add(letters("control run: dead letters", control));
        checks.add(letters("faulted run: dead letters", faulted));
        return checks;
    }

    private static Check corpus(String name, RunResult run) {
        if (run == null || run.corpus() == null) {
            return new Check(name, "not reached: " + (run == null ? "not run" : run.aborted()), "identical", false);
        }
        return new Check(name, run.corpus().summary(), "identical", run.corpus().matches());
    }

    private static Check letters(String name, RunResult run) {
        String threshold = "each poison record exactly once, with its code";
        if (run == null || run.deadLetters() == null) {
            return new Check(name, "not read: " + (run == null ? "not run" : run.aborted()), threshold, false);
        }
        DeadLetterTally.Outcome o = run.deadLetters();
        return new Check(name, String.format("%d poison records, %d letters: %d exactly once with the right code,"
                + " %d missing, %d duplicated, %d with another code, %d unexpected", o.expected(), o.letters(),
                o.exactlyOnce(), o.missing(), o.duplicated(), o.wrongCode(), o.unexpected()), threshold, o.passes());
    }

    static String restarts(int restarts) {
        return restarts < 0 ? "unknown" : Integer.toString(restarts);
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1e3);
    }
}

package io.vectorline.bench.faults;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The report's sections that set the control run beside the faulted one: final states, dead
 * letters, restarts. A run that did not happen is left out.
 */
final class RunSections {
    private final StringBuilder md;
    private final List<RunResult> runs;

    /** {@code faulted} may be null: the control run stopped early. */
    RunSections(StringBuilder md, RunResult control, RunResult faulted) {
        this.md = md;
        this.runs = Stream.of(control, faulted).filter(Objects::nonNull).toList();
    }

    /** {@code comparison} is null when a run stopped early. */
    void finalState(List<StateComparison.Table> comparison) {
        md.append("## Final state: control vs faulted\n\n")
                .append("Every column but `updated_at`, `recorded_at` and `deleted_at`, row by row by primary key (an md5"
                        + " of each row's text).\n\n");
        if (comparison == null) {
            md.append("Not compared: a run stopped early.\n\n");
        } else {
            md.append("| table | rows, control | rows, faulted | identical |\n|---|---|---|---|\n");
            for (StateComparison.Table t : comparison) {
                md.append(String.format("| %s | %,d | %,d | %s |%n", t.name(), t.controlRows(), t.faultedRows(),
                        t.identical() ? "yes" : "no: " + t.differing() + " differing"));
            }
            md.append('\n');
            for (StateComparison.Table t : comparison) {
                if (!t.firstDifferences().isEmpty()) {
                    md.append("First differing rows of `").append(t.name()).append("`:\n\n```text\n")
                            .append(String.join("\n", t.firstDifferences())).append("\n```\n\n");
                }
            }
        }
        for (RunResult run : runs) {
            md.append("- ").append(run.name()).append(String.format(" run (%.1f min): ", run.took().toMillis() / 60e3))
                    .append(run.corpus() == null ? "not checked: " + run.aborted() : run.corpus().summary());
            if (run.corpus() != null && !run.corpus().examples().isEmpty()) {
                md.append("; for example ").append(String.join("; ", run.corpus().examples()));
            }
            md.append('\n');
        }
        md.append('\n');
    }

    void deadLetters() {
        md.append("## Dead letters\n\n")
                .append("Read with `isolation.level=read_committed` from the earliest offset; each letter is matched"
                        + " to a poison record by its `vectorline.source.partition` and `vectorline.source.offset`"
                        + " headers, and its `vectorline.error.code` compared.\n\n")
                .append("| run | poison records | letters | exactly once, right code | missing | duplicated |"
                        + " other code | unexpected |\n|---|---|---|---|---|---|---|---|\n");
        List<RunResult> tallied = runs.stream().filter(run -> run.deadLetters() != null).toList();
        for (RunResult run : tallied) {
            DeadLetterTally.Outcome o = run.deadLetters();
            md.append(String.format("| %s | %d | %d | %d | %d | %d | %d | %d |%n", run.name(), o.expected(),
                    o.letters(), o.exactlyOnce(), o.missing(), o.duplicated(), o.wrongCode(), o.unexpected()));
        }
        md.append('\n');
        for (RunResult run : tallied) {
            if (!run.deadLetters().problems().isEmpty()) {
                md.append("- ").append(run.name()).append(": ").append(String.join("; ", run.deadLetters().problems()))
                        .append('\n');
            }
        }
        md.append('\n');
    }

    void restarts() {
        md.append("## Restarts\n\n");
        for (RunResult run : runs) {
            md.append("- ").append(run.name()).append(": `numRestarts` ")
                    .append(run.numRestarts().isPresent() ? Long.toString(run.numRestarts().getAsLong()) : "not read")
                    .append(", exception history ")
                    .append(run.failures() == null ? "not read" : run.failures().timestamps().size() + " failovers"
                            + (run.failures().truncated() ? " (truncated: older ones were dropped)" : ""))
                    .append('\n');
        }
        md.append('\n');
    }
}

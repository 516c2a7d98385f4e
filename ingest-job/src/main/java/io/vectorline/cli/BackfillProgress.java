package io.vectorline.cli;

import io.vectorline.job.backfill.BackfillDone;
import io.vectorline.job.backfill.BackfillPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running backfill's progress, every few seconds until closed: what is done as of its last
 * checkpoint ({@link BackfillDone}) against its total, the rate since the
 * position first moved in this run, and the time left at that rate. One line rewritten in place on a terminal, a line per
 * report otherwise, or a JSON object per line for scripts.
 */
final class BackfillProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillProgress.class);

    enum Style { TERMINAL, LINES, JSON }

    private final BackfillDone done;
    private final BackfillPlan plan;
    private final PrintWriter out;
    private final Style style;
    /** Where the rate is measured from: the first report in which the position had moved. */
    private long firstMovedNanos;
    private long doneWhenFirstMoved;
    private final long doneAtStart;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "backfill-progress");
        thread.setDaemon(true);
        return thread;
    });

    BackfillProgress(BackfillDone done, BackfillPlan plan, long doneAtStart, PrintWriter out, Style style,
            Duration every) {
        this.done = done;
        this.plan = plan;
        this.out = out;
        this.style = style;
        this.doneAtStart = doneAtStart;
        timer.scheduleWithFixedDelay(this::report, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            long total = plan.total();
            long done = Math.min(total, this.done.of(plan));
            long now = System.nanoTime();
            if (firstMovedNanos == 0 && done != doneAtStart) {
                firstMovedNanos = now;
                doneWhenFirstMoved = done;
            }
            // start-up (the job, the model, the first checkpoint) is left out of the rate
            double seconds = firstMovedNanos == 0 ? 0 : (now - firstMovedNanos) / 1e9;
            double rate = seconds > 0 ? (done - doneWhenFirstMoved) / seconds : Double.NaN;
            double eta = rate > 0 ? (total - done) / rate : Double.NaN;
            out.print(style == Style.JSON ? json(done, total, rate, eta) : line(done, total, rate, eta));
            out.flush();
        } catch (Exception e) {
            LOG.warn("cannot read the position of backfill {}: {}", plan.name(), e.getMessage());
        }
    }

    private String line(long done, long total, double rate, double eta) {
        String line = String.format("backfill %s: %,d/%,d records (%.1f %%), %s records/s, ETA %s", plan.name(),
                done, total, 100.0 * done / total, Double.isNaN(rate) ? "–" : String.format("%,.0f", rate),
                Double.isNaN(eta) ? "–" : Duration.ofSeconds((long) eta).toString().substring(2).toLowerCase());
        return style == Style.TERMINAL ? "\r" + line + "   " : line + System.lineSeparator();
    }

    private String json(long done, long total, double rate, double eta) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("backfill", plan.name());
        fields.put("done", done);
        fields.put("total", total);
        fields.put("percent", Math.round(1000.0 * done / total) / 10.0);
        fields.put("recordsPerSecond", Double.isNaN(rate) ? null : Math.round(rate * 10) / 10.0);
        fields.put("etaSeconds", Double.isNaN(eta) ? null : Math.round(eta));
        return JsonLine.of(fields) + System.lineSeparator();
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(10, TimeUnit.SECONDS);
        if (style == Style.TERMINAL) {
            out.println();
        }
    }
}

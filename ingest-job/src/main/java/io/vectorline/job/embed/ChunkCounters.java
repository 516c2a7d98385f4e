package io.vectorline.job.embed;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * What the embed step did, as metrics (for dashboards) and as accumulators (readable from a
 * running job's client): chunks embedded, chunks skipped because their content was known,
 * documents whose body was unchanged, and versions dropped as not newer than the known one.
 */
public final class ChunkCounters {
    public static final String EMBEDDED_CHUNKS = "embeddedChunks";
    public static final String SKIPPED_CHUNKS = "skippedChunks";
    public static final String UNCHANGED_DOCUMENTS = "unchangedDocuments";
    public static final String STALE_DOCUMENTS = "staleDocuments";

    private final Counter embeddedMetric;
    private final Counter skippedMetric;
    private final Counter unchangedMetric;
    private final Counter staleMetric;
    private final LongCounter embedded = new LongCounter();
    private final LongCounter skipped = new LongCounter();
    private final LongCounter unchanged = new LongCounter();
    private final LongCounter stale = new LongCounter();

    ChunkCounters(RuntimeContext context, MetricGroup metrics) {
        embeddedMetric = metrics.counter(EMBEDDED_CHUNKS);
        skippedMetric = metrics.counter(SKIPPED_CHUNKS);
        unchangedMetric = metrics.counter(UNCHANGED_DOCUMENTS);
        staleMetric = metrics.counter(STALE_DOCUMENTS);
        context.addAccumulator(EMBEDDED_CHUNKS, embedded);
        context.addAccumulator(SKIPPED_CHUNKS, skipped);
        context.addAccumulator(UNCHANGED_DOCUMENTS, unchanged);
        context.addAccumulator(STALE_DOCUMENTS, stale);
    }

    /** Adds what a planned batch embeds and skips. */
    void record(PlannedBatch planned) {
        embeddedMetric.inc(planned.embeddedChunks);
        embedded.add(planned.embeddedChunks);
        skippedMetric.inc(planned.skippedChunks);
        skipped.add(planned.skippedChunks);
        unchangedMetric.inc(planned.unchangedDocuments);
        unchanged.add(planned.unchangedDocuments);
        staleMetric.inc(planned.staleDocuments);
        stale.add(planned.staleDocuments);
    }
}

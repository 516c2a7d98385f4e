package io.vectorline.bench.embedding;

import java.util.List;
import java.util.Map;

/**
 * One end-to-end run of the real job at one corpus size.
 *
 * @param wallSeconds from starting the child JVM until every document was stored
 * @param steadySeconds from the first stored document until the last (job start-up excluded)
 * @param peakRssAfterIngestKiB the child's VmHWM once the first ingest was done
 * @param peakRssAtEndKiB the child's VmHWM just before it was stopped
 * @param laterPhases re-publish and edit phases, if run at this size
 */
record EndToEndResult(int documents, ChunkPlan plan, double wallSeconds, double steadySeconds,
        Map<String, Long> ingestCounters, long peakRssAfterIngestKiB, long peakRssAtEndKiB, List<Phase> laterPhases) {

    double documentsPerSecond() {
        return documents / steadySeconds;
    }

    double tokensPerSecond() {
        return plan.tokens() / steadySeconds;
    }

    /**
     * A later phase in the same running job: every document published again.
     *
     * @param seconds from the start of publishing until every document was stored at the new version
     * @param publishSeconds how long publishing (all acks) took, included in {@code seconds}
     * @param counterDeltas the job's chunk counters, increase during this phase
     * @param leastToEmbed chunks whose text changed: what a job skipping unchanged chunks must embed
     */
    record Phase(String name, long version, double seconds, double publishSeconds, Map<String, Long> counterDeltas,
            ChunkPlan leastToEmbed) {}
}

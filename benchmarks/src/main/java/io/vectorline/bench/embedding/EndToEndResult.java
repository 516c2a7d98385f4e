package io.vectorline.bench.embedding;

import java.util.List;
import java.util.Map;

/**
 * One end-to-end run of the real job at one corpus size.
 *
 * @param toEmbed chunks and tokens of the corpus, as the job cuts it
 * @param wallSeconds from starting the child JVM until every document was stored
 * @param steady what landed after the first stored documents (job start-up excluded)
 * @param peakRssAfterIngestKiB the child's VmHWM once the first ingest was done
 * @param liveHeapAfterIngestKiB the child's heap in use after a full collection, once the first ingest was done
 * @param peakRssAtEndKiB the child's VmHWM just before it was stopped
 * @param laterPhases re-publish and edit phases, if run at this size
 */
public record EndToEndResult(int documents, ChunkTally toEmbed, double wallSeconds, Steady steady,
        Map<String, Long> ingestCounters, long peakRssAfterIngestKiB, long liveHeapAfterIngestKiB, long peakRssAtEndKiB, List<Phase> laterPhases) {

    /**
     * The ingest once the job is up: from the first sighting of stored documents to the last, what
     * landed in between. The first flush is excluded with start-up, since its documents were embedded
     * before anything was visible.
     */
    public record Steady(double seconds, long documents, long chunks) {
        /** NaN when everything landed in one flush. */
        double documentsPerSecond() {
            return seconds > 0 ? documents / seconds : Double.NaN;
        }

        public double chunksPerSecond() {
            return seconds > 0 ? chunks / seconds : Double.NaN;
        }
    }

    public double documentsPerSecond() {
        return steady.documentsPerSecond();
    }

    /** Chunks per second times the corpus's tokens per chunk ([CLS] and [SEP] included). */
    double tokensPerSecond() {
        return steady.chunksPerSecond() * toEmbed.tokens() / toEmbed.chunks();
    }

    /** The first ingest's duration at its steady rate: what later phases are compared with. */
    double steadyIngestSeconds() {
        return documents / documentsPerSecond();
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
            ChunkTally leastToEmbed) {}
}

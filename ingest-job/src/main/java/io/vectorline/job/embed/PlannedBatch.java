package io.vectorline.job.embed;

import io.vectorline.job.decode.NewVersion;
import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A planned micro-batch: the writes in arrival order, some ready now and some waiting for the
 * vectors of {@link #texts()}, what each touched document is known as afterwards, and counts of
 * the work it skipped.
 */
final class PlannedBatch {
    /** One write: ready, or a new version whose chunk plan waits for its vectors. */
    private record Step(DocumentWrite ready, NewVersion change, byte[] bodyHash, ChunkPlan plan) {}

    private final String modelId;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final Map<DocumentRef, KnownDocument> touched = new LinkedHashMap<>();
    int staleDocuments;
    int unchangedDocuments;
    int embeddedChunks;
    int skippedChunks;

    PlannedBatch(String modelId) {
        this.modelId = modelId;
    }

    void ready(DocumentWrite write) {
        steps.add(new Step(write, null, null, null));
    }

    /** A version whose body is known: it writes no chunk and keeps the known ones. */
    void unchanged(NewVersion change, byte[] bodyHash, KnownDocument known) {
        ready(upsert(change, List.of(), bodyHash, known.chunkCount, known.version));
        unchangedDocuments++;
        skippedChunks += known.chunkCount;
    }

    void embedding(NewVersion change, byte[] bodyHash, ChunkPlan plan) {
        steps.add(new Step(null, change, bodyHash, plan));
        plan.toEmbed().forEach(chunk -> texts.add(chunk.text()));
        embeddedChunks += plan.toEmbed().size();
        skippedChunks += plan.reused();
    }

    void touched(DocumentRef ref, KnownDocument after) {
        touched.put(ref, after);
    }

    /** The texts to embed, in the order {@link #writes} takes their vectors. */
    List<String> texts() {
        return texts;
    }

    /** What each touched document is known as once the writes land. */
    Map<DocumentRef, KnownDocument> touched() {
        return touched;
    }

    /** The writes, in arrival order, given the vectors of {@link #texts()}. */
    List<DocumentWrite> writes(float[][] vectors) {
        List<DocumentWrite> writes = new ArrayList<>(steps.size());
        int offset = 0;
        for (Step step : steps) {
            if (step.ready() != null) {
                writes.add(step.ready());
                continue;
            }
            ChunkPlan plan = step.plan();
            plan.fill(vectors, offset);
            offset += plan.toEmbed().size();
            writes.add(upsert(step.change(), plan.writes(), step.bodyHash(), plan.chunkCount(), plan.basisVersion()));
        }
        return writes;
    }

    /** A new version that writes {@code chunks} and keeps the other chunks of {@code basisVersion}. */
    private DocumentUpsert upsert(NewVersion change, List<EmbeddedChunk> chunks, byte[] bodyHash, int chunkCount,
            long basisVersion) {
        return DocumentWrite.upsert(change.tenantId(), change.docId(), change.version(), change.title(),
                change.metadata(), change.sourceUri(), Instant.ofEpochMilli(change.eventTimeMillis()), modelId,
                chunks, bodyHash, chunkCount).read(change.body(), change.recordedAt()).from(change.origin(), basisVersion);
    }
}

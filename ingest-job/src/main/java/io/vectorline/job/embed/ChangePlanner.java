package io.vectorline.job.embed;

import io.vectorline.embedder.Chunk;
import io.vectorline.job.decode.Deletion;
import io.vectorline.job.decode.DocumentChange;
import io.vectorline.job.decode.NewVersion;
import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentWrite;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a micro-batch so that only what changed is computed: a version not newer than the known
 * one is dropped, as the database would, except the known version itself read back from the store
 * by a backfill, which is cut again when the chunking settings or the model id changed; a version whose body hash equals the known one keeps its
 * chunks; otherwise chunks whose content hash is known are not embedded again ({@link ChunkPlan}).
 * Each change is planned against the one before it in the batch. Reads what is known only through
 * {@link KnownState}, so it runs without Flink, Kafka or a database.
 */
final class ChangePlanner {
    /** Cuts a body into chunks. */
    @FunctionalInterface
    interface Splitter {
        List<Chunk> split(String body);
    }

    private final Splitter splitter;
    private final ContentHasher hasher;
    private final String modelId;

    ChangePlanner(Splitter splitter, ContentHasher hasher, String modelId) {
        this.splitter = splitter;
        this.hasher = hasher;
        this.modelId = modelId;
    }

    PlannedBatch plan(List<DocumentChange> batch, KnownState knownState) throws SQLException {
        byte[][] hashes = new byte[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof NewVersion version) {
                hashes[i] = hasher.hash(version.body());
            }
        }
        Map<DocumentRef, KnownDocument> known = known(batch, hashes, knownState);
        PlannedBatch planned = new PlannedBatch(modelId);
        for (int i = 0; i < batch.size(); i++) {
            DocumentChange change = batch.get(i);
            DocumentRef ref = change.ref();
            KnownDocument next;
            if (change instanceof NewVersion version) {
                next = planVersion(version, hashes[i], known.get(ref), planned);
                if (next == null) {
                    continue;
                }
            } else {
                Deletion deletion = (Deletion) change;
                KnownDocument before = known.get(ref);
                long deleted = before == null ? DocumentWrite.NO_BASIS : before.version;
                planned.ready((deletion.deletesUpTo() == null
                        ? DocumentWrite.delete(ref.tenantId(), ref.docId())
                        : DocumentWrite.replayedDelete(ref.tenantId(), ref.docId(), deletion.deletesUpTo()))
                        .ofVersion(deleted).from(change.origin()));
                // what a replayed deletion does depends on when the stored version was recorded, unknown here:
                // planned as applied, a newer version after it is embedded in full and stored right
                next = KnownDocument.deleted(deleted);
            }
            known.put(ref, next);
            planned.touched(ref, next);
        }
        return planned;
    }

    /** Plans one new version; returns what the document is known as afterwards, or null if it is dropped. */
    private KnownDocument planVersion(NewVersion version, byte[] bodyHash, KnownDocument before, PlannedBatch planned) {
        if (before != null && (version.version() < before.version
                || version.version() == before.version && !version.origin().fromStore())) {
            planned.staleDocuments++;
            return null;
        }
        if (before != null && Arrays.equals(bodyHash, before.contentHash)) {
            planned.unchanged(version, bodyHash, before);
            return before.withVersion(version.version());
        }
        List<Chunk> chunks = splitter.split(version.body());
        List<byte[]> chunkHashes = chunks.stream().map(chunk -> hasher.hash(chunk.text())).toList();
        ChunkPlan plan = ChunkPlan.of(before, version.version(), bodyHash, chunks, chunkHashes);
        planned.embedding(version, bodyHash, plan);
        return plan.after();
    }

    /**
     * What is known of each document in the batch, with chunk positions for documents whose body
     * may have changed, wherever the known state came from: a version emitted with its body
     * unchanged keeps the stored chunks without knowing them. Planning without them would rewrite
     * every chunk, and what is stored would depend on whether a checkpoint completed in between.
     */
    private static Map<DocumentRef, KnownDocument> known(List<DocumentChange> batch, byte[][] hashes,
            KnownState knownState) throws SQLException {
        Set<DocumentRef> refs = new LinkedHashSet<>();
        batch.forEach(change -> refs.add(change.ref()));
        Map<DocumentRef, KnownDocument> known = knownState.documents(refs);
        Map<DocumentRef, KnownDocument> changedBodies = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            DocumentRef ref = batch.get(i).ref();
            KnownDocument before = known.get(ref);
            if (before != null && !before.chunksLoaded() && hashes[i] != null
                    && !Arrays.equals(hashes[i], before.contentHash)) {
                changedBodies.put(ref, before);
            }
        }
        if (!changedBodies.isEmpty()) {
            knownState.loadStoredChunks(changedBodies);
        }
        return known;
    }
}

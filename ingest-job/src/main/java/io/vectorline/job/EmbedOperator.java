package io.vectorline.job;

import io.vectorline.embedder.Chunk;
import io.vectorline.embedder.Chunker;
import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.sink.DocumentRef;
import io.vectorline.sink.DocumentWrite;
import io.vectorline.sink.EmbeddedChunk;
import io.vectorline.sink.StoreSchema;
import io.vectorline.sink.StoredContent;
import io.vectorline.sink.flink.PgVectorSinkOptions;
import io.vectorline.sink.PgConnections;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Chunks and embeds documents in micro-batches (see {@link EmbedBatching}), computing only what
 * changed: a version whose body hash equals the known one keeps its chunks; otherwise chunks whose
 * content hash is known are not embedded again ({@link ChunkPlan}); versions not newer than the
 * known one are dropped, as the database would. "Known" is the database, read once per batch, or
 * what this subtask emitted since the last completed checkpoint ({@link InFlightDocuments}).
 *
 * <p>Nothing is buffered across a checkpoint: the batch is embedded and emitted before the barrier
 * ({@link #prepareSnapshotPreBarrier}), so a restore replays it from Kafka. A full batch is
 * embedded on the task thread, which blocks the input: slowness becomes backpressure. The model
 * is shared by all subtasks of the JVM ({@link SharedEmbedders}).
 */
final class EmbedOperator extends AbstractStreamOperator<DocumentWrite>
        implements OneInputStreamOperator<DocumentChange, DocumentWrite>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final EmbeddingModel model;
    private final ChunkingOptions chunking;
    private final EmbedderOptions embedderOptions;
    private final EmbedBatching batching;
    private final PgVectorSinkOptions store;

    private transient SharedEmbedders.Lease embedder;
    private transient Chunker chunker;
    private transient ContentHasher hasher;
    private transient StoredContent storedContent;
    private transient InFlightDocuments inFlight;
    private transient List<DocumentChange> buffer;
    private transient int bufferedChars;
    private transient boolean timerSet;
    private transient ChunkCounters counters;

    EmbedOperator(EmbeddingModel model, ChunkingOptions chunking, EmbedderOptions embedderOptions,
            EmbedBatching batching, PgVectorSinkOptions store) {
        this.model = model;
        this.chunking = chunking;
        this.embedderOptions = embedderOptions;
        this.batching = batching;
        this.store = store;
    }

    @Override
    public void open() throws Exception {
        super.open();
        // the first lookup needs the current schema; the sink migrates too, and the lock makes that safe
        StoreSchema.bootstrap(store.jdbcUrl(), store.store());
        embedder = SharedEmbedders.acquire(model, embedderOptions);
        chunker = new Chunker(embedder.embedder().tokenizer(), chunking, model.spec());
        hasher = new ContentHasher(model.spec().id(), chunking);
        storedContent = new StoredContent(() -> PgConnections.open(store.jdbcUrl()), store.retry());
        inFlight = new InFlightDocuments();
        buffer = new ArrayList<>();
        counters = new ChunkCounters(getRuntimeContext(), getMetricGroup());
    }

    @Override
    public void processElement(StreamRecord<DocumentChange> element) throws Exception {
        DocumentChange change = element.getValue();
        buffer.add(change);
        bufferedChars += change.delete() ? 0 : change.body().length();
        if (buffer.size() >= batching.maxDocuments() || bufferedChars >= batching.maxChars()) {
            flush();
        } else if (!timerSet) {
            timerSet = true;
            long now = getProcessingTimeService().getCurrentProcessingTime();
            getProcessingTimeService().registerTimer(now + batching.maxWait().toMillis(), time -> {
                timerSet = false;
                flush();
            });
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        inFlight.checkpointTaken(context.getCheckpointId());
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        inFlight.checkpointCompleted(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    /** One buffered change's outcome: a write ready now, or a plan that waits for its vectors. */
    private record Step(DocumentChange change, byte[] bodyHash, DocumentWrite ready, ChunkPlan plan) {}

    private void flush() throws SQLException {
        if (buffer.isEmpty()) {
            return;
        }
        List<DocumentChange> batch = buffer;
        buffer = new ArrayList<>();
        bufferedChars = 0;

        byte[][] bodyHashes = new byte[batch.size()][];
        for (int i = 0; i < batch.size(); i++) {
            DocumentChange change = batch.get(i);
            bodyHashes[i] = change.delete() ? null : hasher.hash(change.body());
        }
        Map<DocumentRef, KnownDocument> known = knownDocuments(batch, bodyHashes);
        Map<DocumentRef, KnownDocument> touched = new HashMap<>();
        List<Step> steps = new ArrayList<>(batch.size());
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            DocumentChange change = batch.get(i);
            DocumentRef ref = change.ref();
            KnownDocument before = known.get(ref);
            KnownDocument next;
            if (change.delete()) {
                steps.add(new Step(change, null, DocumentWrite.delete(change.tenantId(), change.docId())
                        .from(change.origin(), DocumentWrite.NO_BASIS), null));
                next = KnownDocument.DELETED;
            } else if (before != null && change.version() <= before.version) {
                counters.staleDocument();
                continue;
            } else if (before != null && Arrays.equals(bodyHashes[i], before.contentHash)) {
                steps.add(new Step(change, bodyHashes[i],
                        upsert(change, List.of(), bodyHashes[i], before.chunkCount, before.version), null));
                counters.unchangedDocument(before.chunkCount);
                next = before.withVersion(change.version());
            } else {
                List<Chunk> chunks = chunker.split(change.body());
                List<byte[]> chunkHashes = chunks.stream().map(chunk -> hasher.hash(chunk.text())).toList();
                ChunkPlan plan = ChunkPlan.of(before, change.version(), bodyHashes[i], chunks, chunkHashes);
                plan.toEmbed().forEach(chunk -> texts.add(chunk.text()));
                counters.planned(plan.toEmbed().size(), plan.reused());
                steps.add(new Step(change, bodyHashes[i], null, plan));
                next = plan.after();
            }
            known.put(ref, next);
            touched.put(ref, next);
        }

        float[][] vectors = embedder.embedder().embed(texts);
        int offset = 0;
        for (Step step : steps) {
            DocumentWrite write = step.ready();
            if (write == null) {
                step.plan().fill(vectors, offset);
                offset += step.plan().toEmbed().size();
                write = upsert(step.change(), step.plan().writes(), step.bodyHash(), step.plan().chunkCount(),
                        step.plan().basisVersion());
            }
            output.collect(new StreamRecord<>(write));
        }
        touched.forEach(inFlight::emitted);
    }

    /**
     * What is known of each document in the batch: what this subtask emitted if not yet durable,
     * else what the database holds, with chunk hashes for documents whose body may have changed.
     */
    private Map<DocumentRef, KnownDocument> knownDocuments(List<DocumentChange> batch, byte[][] bodyHashes)
            throws SQLException {
        Map<DocumentRef, KnownDocument> known = new HashMap<>();
        Set<DocumentRef> lookUp = new LinkedHashSet<>();
        for (DocumentChange change : batch) {
            DocumentRef ref = change.ref();
            KnownDocument emitted = inFlight.get(ref);
            if (emitted != null) {
                known.put(ref, emitted);
            } else {
                lookUp.add(ref);
            }
        }
        storedContent.documents(lookUp).forEach((ref, stored) -> known.put(ref, KnownDocument.stored(stored)));
        // Chunks are planned against where each chunk hash sits, wherever the known state came from:
        // a version emitted with its body unchanged keeps the stored chunks without knowing them, so
        // those are read too. Planning without them would rewrite every chunk, and what is stored
        // would depend on whether a checkpoint completed in between.
        Set<DocumentRef> changedBodies = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            DocumentChange change = batch.get(i);
            KnownDocument before = known.get(change.ref());
            if (before != null && !before.chunksLoaded() && !change.delete()
                    && !Arrays.equals(bodyHashes[i], before.contentHash)) {
                changedBodies.add(change.ref());
            }
        }
        storedContent.chunks(changedBodies).forEach((ref, chunks) -> known.get(ref).loadStoredChunks(chunks));
        return known;
    }

    /** A new version that writes {@code chunks} and keeps the other chunks of {@code basisVersion}. */
    private DocumentWrite upsert(DocumentChange change, List<EmbeddedChunk> chunks, byte[] bodyHash,
            int chunkCount, long basisVersion) {
        return DocumentWrite.upsert(change.tenantId(), change.docId(), change.version(), change.title(),
                change.metadata(), change.sourceUri(), Instant.ofEpochMilli(change.eventTimeMillis()),
                model.spec().id(), chunks, bodyHash, chunkCount).from(change.origin(), basisVersion);
    }

    @Override
    public void close() throws Exception {
        try {
            if (storedContent != null) {
                storedContent.close();
            }
        } finally {
            if (embedder != null) {
                embedder.close();
            }
            super.close();
        }
    }
}

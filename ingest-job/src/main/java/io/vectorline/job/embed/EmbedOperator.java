package io.vectorline.job.embed;

import io.vectorline.embedder.Chunker;
import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.job.decode.DocumentChange;
import io.vectorline.job.decode.NewVersion;
import io.vectorline.job.pace.Paces;
import io.vectorline.model.DocumentWrite;
import io.vectorline.store.StoredContent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Chunks and embeds documents in micro-batches ({@link EmbedBatching}), computing only what
 * changed ({@link ChangePlanner}). "Known" is what this subtask emitted since the last completed
 * checkpoint ({@link InFlightDocuments}), else the database, read once per batch.
 *
 * <p>Nothing is buffered across a checkpoint: the batch is embedded and emitted before the barrier
 * ({@link #prepareSnapshotPreBarrier}), so a restore replays it from Kafka. A full batch is
 * embedded on the task thread, which blocks the input: slowness becomes backpressure. The model
 * is shared by all subtasks of the JVM ({@link SharedEmbedders}). A backfill may hold the chunks
 * embedded to a rate, awaited before each batch.
 */
public final class EmbedOperator extends AbstractStreamOperator<DocumentWrite>
        implements OneInputStreamOperator<DocumentChange, DocumentWrite>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final EmbeddingModel model;
    private final EmbedderOptions embedderOptions;
    private final ChunkingOptions chunking;
    private final EmbedBatching batching;
    private final StoredContent.Source storedContentSource;
    /** Chunks embedded per second across all subtasks; 0 for no limit. */
    private final double chunksPerSecond;

    private transient SharedEmbedders.Lease embedder;
    private transient ChangePlanner planner;
    private transient StoredContent storedContent;
    private transient InFlightDocuments inFlight;
    private transient KnownState known;
    private transient List<DocumentChange> buffer;
    private transient int bufferedChars;
    private transient boolean timerSet;
    private transient ChunkCounters counters;
    private transient RateLimiter<?> chunkPace;

    public EmbedOperator(EmbeddingModel model, EmbedderOptions embedderOptions, ChunkingOptions chunking,
            EmbedBatching batching, StoredContent.Source storedContentSource, double chunksPerSecond) {
        this.model = model;
        this.embedderOptions = embedderOptions;
        this.chunking = chunking;
        this.batching = batching;
        this.storedContentSource = storedContentSource;
        this.chunksPerSecond = chunksPerSecond;
    }

    @Override
    public void open() throws Exception {
        super.open();
        embedder = SharedEmbedders.acquire(model, embedderOptions);
        Chunker chunker = new Chunker(embedder.embedder().tokenizer(), chunking, model.spec());
        planner = new ChangePlanner(chunker::split, new ContentHasher(model.spec().id(), chunking), model.spec().id());
        storedContent = storedContentSource.open();
        inFlight = new InFlightDocuments();
        known = new InFlightOrStored(inFlight, storedContent);
        buffer = new ArrayList<>();
        counters = new ChunkCounters(getRuntimeContext(), getMetricGroup());
        if (chunksPerSecond > 0) {
            chunkPace = Paces.limiter(chunksPerSecond, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
        }
    }

    @Override
    public void processElement(StreamRecord<DocumentChange> element) throws Exception {
        DocumentChange change = element.getValue();
        buffer.add(change);
        bufferedChars += change instanceof NewVersion version ? version.body().length() : 0;
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

    private void flush() throws SQLException, InterruptedException, ExecutionException {
        if (buffer.isEmpty()) {
            return;
        }
        List<DocumentChange> batch = buffer;
        buffer = new ArrayList<>();
        bufferedChars = 0;
        PlannedBatch planned = planner.plan(batch, known);
        counters.record(planned);
        if (chunkPace != null) {
            Paces.await(chunkPace, planned.embeddedChunks);
        }
        float[][] vectors = embedder.embedder().embed(planned.texts());
        for (DocumentWrite write : planned.writes(vectors)) {
            output.collect(new StreamRecord<>(write));
        }
        planned.touched().forEach(inFlight::emitted);
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

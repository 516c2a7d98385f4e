package io.vectorline.job.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.job.decode.DocumentChange;
import io.vectorline.job.decode.NewVersion;
import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.RecordOrigin;
import io.vectorline.store.StoredContent;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embed operator in Flink's operator test harness, with the real default model and an empty
 * store: when a micro-batch goes out (timer, barrier), and what it compares new versions with
 * before and after a checkpoint completes.
 */
class EmbedOperatorTest {
    private static final Duration MAX_WAIT = Duration.ofMillis(100);
    private static final String BODY = "The first paragraph of a short document.\n\nAnd its second paragraph.";

    /** A store that holds nothing: whatever the operator knows, it learnt from what it emitted. */
    private static final class EmptyStore implements StoredContent {
        @Override
        public Map<DocumentRef, StoredDocument> documents(Collection<DocumentRef> refs) {
            return Map.of();
        }

        @Override
        public Map<DocumentRef, List<StoredChunk>> chunks(Collection<DocumentRef> refs) {
            return Map.of();
        }

        @Override
        public void close() {}
    }

    private KeyedOneInputStreamOperatorTestHarness<String, DocumentChange, DocumentWrite> harness;

    @BeforeEach
    void open() throws Exception {
        EmbedOperator operator = new EmbedOperator(EmbeddingModel.DEFAULT.model(), EmbedderOptions.defaults(),
                ChunkingOptions.defaults(), new EmbedBatching(100, 1 << 20, MAX_WAIT), EmptyStore::new, 0);
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, DocumentChange::routingKey, Types.STRING);
        harness.setProcessingTime(0);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static NewVersion version(long version) {
        return new NewVersion("t", "d", version, "title", BODY, Map.of(), null, 0, null,
                new RecordOrigin("documents", 0, version));
    }

    private DocumentUpsert lastWrite() {
        List<DocumentWrite> writes = harness.extractOutputValues();
        return (DocumentUpsert) writes.get(writes.size() - 1);
    }

    @Test
    void aBatchThatDoesNotFillGoesOutWhenItsWaitEnds() throws Exception {
        harness.processElement(version(1), 0);
        assertThat(harness.extractOutputValues()).as("still waiting for more").isEmpty();

        harness.setProcessingTime(MAX_WAIT.toMillis());

        DocumentUpsert write = lastWrite();
        assertThat(write.chunks()).isNotEmpty().allSatisfy(chunk ->
                assertThat(chunk.embedding()).hasSize(EmbeddingModel.DEFAULT.model().spec().dimensions()));
    }

    @Test
    void nothingWaitsAcrossACheckpointBarrier() throws Exception {
        harness.processElement(version(1), 0);

        harness.prepareSnapshotPreBarrier(1);

        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void newVersionsAreComparedWithWhatWasEmittedUntilACheckpointMakesItDurable() throws Exception {
        harness.processElement(version(1), 0);
        harness.prepareSnapshotPreBarrier(1);
        harness.snapshot(1, 0);
        harness.processElement(version(2), 0);
        harness.prepareSnapshotPreBarrier(2);
        int chunks = lastWrite().chunkCount();
        assertThat(lastWrite().chunks()).as("version 2 repeats version 1's body, emitted but not durable").isEmpty();

        harness.notifyOfCompletedCheckpoint(1);
        harness.processElement(version(3), 0);
        harness.prepareSnapshotPreBarrier(3);
        assertThat(lastWrite().chunks()).as("checkpoint 1 made only version 1 durable; version 2 is still known")
                .isEmpty();
        assertThat(lastWrite().basisVersion()).isEqualTo(2);

        harness.snapshot(3, 0);
        harness.notifyOfCompletedCheckpoint(3);
        harness.processElement(version(4), 0);
        harness.prepareSnapshotPreBarrier(4);
        assertThat(lastWrite().chunks()).as("after checkpoint 3 the store is what is known, and it holds nothing")
                .hasSize(chunks);
        assertThat(lastWrite().basisVersion()).isEqualTo(DocumentWrite.NO_BASIS);
    }
}

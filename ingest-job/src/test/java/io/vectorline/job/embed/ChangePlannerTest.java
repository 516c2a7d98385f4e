package io.vectorline.job.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.embedder.Chunk;
import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.job.decode.Deletion;
import io.vectorline.job.decode.DocumentChange;
import io.vectorline.job.decode.NewVersion;
import io.vectorline.model.DocumentDelete;
import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.model.RecordOrigin;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The rules of "compute only what changed", without Flink, Kafka or a database. */
class ChangePlannerTest {
    private static final String MODEL = "test-model";
    private static final DocumentRef DOC = new DocumentRef("t", "d");

    private final ContentHasher hasher = new ContentHasher(MODEL, ChunkingOptions.defaults());
    private final ChangePlanner planner = new ChangePlanner(ChangePlannerTest::paragraphs, hasher, MODEL);
    private final MemoryKnownState known = new MemoryKnownState();

    /** One chunk per paragraph. */
    private static List<Chunk> paragraphs(String body) {
        String[] parts = body.split("\n\n");
        return IntStream.range(0, parts.length).mapToObj(i -> new Chunk(i, parts[i], 1)).toList();
    }

    private static NewVersion version(long version, String... paragraphs) {
        return new NewVersion(DOC.tenantId(), DOC.docId(), version, "title", String.join("\n\n", paragraphs),
                Map.of(), null, 0, null, new RecordOrigin("documents", 0, version));
    }

    private void stored(long version, String... paragraphs) {
        known.store(DOC, version, hasher.hash(String.join("\n\n", paragraphs)),
                Arrays.stream(paragraphs).map(hasher::hash).toList());
    }

    private PlannedBatch plan(DocumentChange... changes) throws SQLException {
        return planner.plan(List.of(changes), known);
    }

    /** The writes, each embedded text's vector being {text length}. */
    private static List<DocumentWrite> writes(PlannedBatch planned) {
        return planned.writes(planned.texts().stream().map(text -> new float[] {text.length()}).toArray(float[][]::new));
    }

    private static DocumentUpsert onlyUpsert(PlannedBatch planned) {
        List<DocumentWrite> writes = writes(planned);
        assertThat(writes).hasSize(1);
        return (DocumentUpsert) writes.get(0);
    }

    @Test
    void aNewDocumentEmbedsEveryChunkAndStandsAlone() throws SQLException {
        PlannedBatch planned = plan(version(1, "a", "bb"));

        assertThat(planned.texts()).containsExactly("a", "bb");
        DocumentUpsert write = onlyUpsert(planned);
        assertThat(write.chunks()).extracting(EmbeddedChunk::content).containsExactly("a", "bb");
        assertThat(write.chunks()).extracting(chunk -> chunk.embedding()[0]).containsExactly(1f, 2f);
        assertThat(write.standsAlone()).isTrue();
        assertThat(write.basisVersion()).isEqualTo(DocumentWrite.NO_BASIS);
        assertThat(write.origin()).isEqualTo(new RecordOrigin("documents", 0, 1));
    }

    @Test
    void versionsNotNewerThanTheKnownOneAreDropped() throws SQLException {
        stored(5, "a");

        PlannedBatch planned = plan(version(5, "a"), version(4, "changed"));

        assertThat(writes(planned)).isEmpty();
        assertThat(planned.texts()).isEmpty();
        assertThat(planned.staleDocuments).isEqualTo(2);
    }

    @Test
    void anUnchangedBodyWritesNoChunkKeepsTheStoredOnesAndReadsNoChunk() throws SQLException {
        stored(1, "a", "b", "c");

        PlannedBatch planned = plan(version(2, "a", "b", "c"));

        DocumentUpsert write = onlyUpsert(planned);
        assertThat(write.chunks()).isEmpty();
        assertThat(write.chunkCount()).isEqualTo(3);
        assertThat(write.basisVersion()).isEqualTo(1);
        assertThat(planned.texts()).isEmpty();
        assertThat(planned.unchangedDocuments).isEqualTo(1);
        assertThat(planned.skippedChunks).isEqualTo(3);
        assertThat(known.chunksRead).as("no chunk lookup for an unchanged body").isEmpty();
    }

    @Test
    void onlyTheChangedChunkIsEmbeddedAndWritten() throws SQLException {
        stored(1, "a", "b", "c");

        PlannedBatch planned = plan(version(2, "a", "xx", "c"));

        assertThat(planned.texts()).containsExactly("xx");
        DocumentUpsert write = onlyUpsert(planned);
        assertThat(write.chunks()).extracting(EmbeddedChunk::chunkNo).containsExactly(1);
        assertThat(write.chunkCount()).isEqualTo(3);
        assertThat(write.basisVersion()).isEqualTo(1);
        assertThat(planned.embeddedChunks).isEqualTo(1);
        assertThat(planned.skippedChunks).isEqualTo(2);
    }

    @Test
    void aMovedChunkIsRewrittenWithTheStoredVectorAndASurplusIsDropped() throws SQLException {
        stored(1, "a", "b", "c");

        DocumentUpsert write = onlyUpsert(plan(version(2, "b", "a")));

        assertThat(write.chunks()).extracting(EmbeddedChunk::content).containsExactly("b", "a");
        assertThat(write.chunks()).allMatch(EmbeddedChunk::reusesStoredVector);
        assertThat(write.chunkCount()).as("chunk 2 goes").isEqualTo(2);
    }

    @Test
    void aLaterVersionInTheSameBatchBuildsOnTheEarlierOne() throws SQLException {
        PlannedBatch planned = plan(version(1, "a", "b"), version(2, "a", "cc"));

        assertThat(planned.texts()).containsExactly("a", "b", "cc");
        List<DocumentWrite> writes = writes(planned);
        DocumentUpsert second = (DocumentUpsert) writes.get(1);
        assertThat(second.chunks()).extracting(EmbeddedChunk::content).containsExactly("cc");
        assertThat(second.basisVersion()).isEqualTo(1);
    }

    @Test
    void afterADeleteOnlyANewerVersionComesBackAndIsEmbeddedInFull() throws SQLException {
        stored(3, "a");

        PlannedBatch planned = plan(new Deletion(DOC.tenantId(), DOC.docId(), null, new RecordOrigin("documents", 0, 9)),
                version(2, "a"), version(4, "a"));

        List<DocumentWrite> writes = writes(planned);
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0)).isInstanceOf(DocumentDelete.class);
        assertThat(writes.get(0).origin()).isEqualTo(new RecordOrigin("documents", 0, 9));
        assertThat(((DocumentUpsert) writes.get(1)).version()).isEqualTo(4);
        assertThat(((DocumentUpsert) writes.get(1)).standsAlone()).isTrue();
        assertThat(planned.staleDocuments).as("version 2 is older than the deleted one").isEqualTo(1);
        assertThat(planned.texts()).containsExactly("a");
        assertThat(planned.touched().get(DOC).version).isEqualTo(4);
    }

    @Test
    void aDocumentKnownWithoutChunkPositionsIsPlannedAgainstTheStoredChunks() throws SQLException {
        stored(1, "a", "b");

        PlannedBatch planned = plan(version(2, "a", "b", "cc"));

        assertThat(known.chunksRead).containsExactly(DOC);
        assertThat(planned.texts()).containsExactly("cc");
    }
}

package io.vectorline.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.model.RecordOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PendingWritesTest {
    private static DocumentWrite upsert(String doc, long version, int chunks) {
        List<EmbeddedChunk> list = IntStream.range(0, chunks)
                .mapToObj(n -> new EmbeddedChunk(n, "c" + n, new byte[0], new float[1]))
                .toList();
        return DocumentWrite.upsert("t", doc, version, null, Map.of(), null, Instant.EPOCH, "m", list);
    }

    private static PendingWrites.Pending only(PendingWrites pending) {
        assertThat(pending.documentCount()).isEqualTo(1);
        return pending.documents().iterator().next();
    }

    @Test
    void keepsTheNewestVersionAndCountsItsChunks() {
        PendingWrites pending = new PendingWrites();
        pending.add(upsert("a", 2, 3));
        pending.add(upsert("a", 1, 5));
        pending.add(upsert("a", 2, 7));
        assertThat(only(pending).upsert().version()).isEqualTo(2);
        assertThat(pending.chunkCount()).isEqualTo(3);
        pending.add(upsert("a", 4, 1));
        assertThat(only(pending).upsert().version()).isEqualTo(4);
        assertThat(pending.chunkCount()).isEqualTo(1);
    }

    @Test
    void aDeleteWipesWhatCameBeforeAndAnUpsertAfterItStillApplies() {
        PendingWrites pending = new PendingWrites();
        pending.add(upsert("a", 9, 2));
        pending.add(DocumentWrite.delete("t", "a"));
        assertThat(only(pending).deleteFirst()).isTrue();
        assertThat(only(pending).upsert()).isNull();
        assertThat(pending.chunkCount()).isZero();
        pending.add(upsert("a", 1, 4));
        assertThat(only(pending).deleteFirst()).isTrue();
        assertThat(only(pending).upsert().version()).isEqualTo(1);
        assertThat(pending.chunkCount()).isEqualTo(4);
    }

    @Test
    void aNewerVersionThatKeepsChunksKeepsTheOnesTheVersionItReplacesWrites() {
        PendingWrites pending = new PendingWrites();
        pending.add(upsert("a", 1, 3));
        EmbeddedChunk changed = new EmbeddedChunk(1, "new", new byte[] {1}, new float[] {7});
        pending.add(DocumentWrite.upsert("t", "a", 2, null, Map.of(), null, Instant.EPOCH, "m", List.of(changed),
                new byte[] {2}, 2));

        DocumentUpsert folded = only(pending).upsert();
        assertThat(folded.version()).isEqualTo(2);
        assertThat(folded.chunkCount()).isEqualTo(2);
        assertThat(folded.chunks()).extracting(EmbeddedChunk::content).containsExactly("c0", "new");
        assertThat(folded.chunks()).as("each chunk keeps the version that wrote it, as if applied one by one")
                .extracting(EmbeddedChunk::version).containsExactly(1L, 2L);
        assertThat(pending.chunkCount()).isEqualTo(2);
    }

    @Test
    void aDocumentKeepsTheWritesFoldedIntoItAndTheStoredVersionTheyBuildOn() {
        RecordOrigin first = new RecordOrigin("docs", 0, 7);
        RecordOrigin second = new RecordOrigin("docs", 0, 9);
        RecordOrigin third = new RecordOrigin("docs", 0, 12);
        PendingWrites pending = new PendingWrites();
        // version 2 rewrites chunk 0 of the stored version 1; version 3 adds chunk 2
        pending.add(DocumentWrite.upsert("t", "a", 2, null, Map.of(), null, Instant.EPOCH, "m",
                List.of(new EmbeddedChunk(0, "x", new byte[] {1}, new float[] {1})), new byte[] {2}, 2)
                .from(first, 1));
        pending.add(DocumentWrite.upsert("t", "a", 3, null, Map.of(), null, Instant.EPOCH, "m",
                List.of(new EmbeddedChunk(2, "y", new byte[] {3}, new float[] {2})), new byte[] {4}, 3)
                .from(second, 2));

        assertThat(only(pending).origins()).containsExactly(first, second);
        assertThat(only(pending).buildsOnStored()).isTrue();
        assertThat(only(pending).upsert().basisVersion()).as("chunk 1 is still version 1's").isEqualTo(1);

        pending.add(DocumentWrite.delete("t", "a").from(third));
        assertThat(only(pending).buildsOnStored()).isFalse();
        assertThat(only(pending).writes()).extracting(write -> write instanceof DocumentUpsert upsert ? upsert.version() : "delete")
                .containsExactly(2L, 3L, "delete");
        assertThat(only(pending).origins()).containsExactly(first, second, third);
    }

    @Test
    void clearEmptiesEverything() {
        PendingWrites pending = new PendingWrites();
        pending.add(upsert("a", 1, 2));
        pending.add(upsert("b", 1, 2));
        pending.clear();
        assertThat(pending.isEmpty()).isTrue();
        assertThat(pending.chunkCount()).isZero();
    }
}

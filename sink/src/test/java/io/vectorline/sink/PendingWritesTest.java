package io.vectorline.sink;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(only(pending)).isEqualTo(new PendingWrites.Pending(new DocumentRef("t", "a"), true, null));
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

        DocumentWrite folded = only(pending).upsert();
        assertThat(folded.version()).isEqualTo(2);
        assertThat(folded.chunkCount()).isEqualTo(2);
        assertThat(folded.chunks()).extracting(EmbeddedChunk::content).containsExactly("c0", "new");
        assertThat(pending.chunkCount()).isEqualTo(2);
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

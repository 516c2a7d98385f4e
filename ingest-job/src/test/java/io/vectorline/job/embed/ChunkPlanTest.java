package io.vectorline.job.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.embedder.Chunk;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.store.StoredContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {
    private static List<Chunk> chunks(String... texts) {
        return IntStream.range(0, texts.length).mapToObj(i -> new Chunk(i, texts[i], 1)).toList();
    }

    private static List<byte[]> hashes(List<Chunk> chunks) {
        return chunks.stream().map(c -> ("h:" + c.text()).getBytes(StandardCharsets.UTF_8)).toList();
    }

    private static KnownDocument stored(String... texts) {
        KnownDocument known = KnownDocument.stored(new StoredContent.StoredDocument(1, texts.length, new byte[] {1}, false));
        List<byte[]> hashes = hashes(chunks(texts));
        known.loadStoredChunks(IntStream.range(0, texts.length)
                .mapToObj(i -> new StoredContent.StoredChunk(i, hashes.get(i)))
                .toList());
        return known;
    }

    @Test
    void nothingKnownEmbedsEverything() {
        List<Chunk> chunks = chunks("a", "b");
        ChunkPlan plan = ChunkPlan.of(null, 1, new byte[] {2}, chunks, hashes(chunks));
        assertThat(plan.toEmbed()).extracting(Chunk::text).containsExactly("a", "b");
        plan.fill(new float[][] {{1}, {2}}, 0);
        assertThat(plan.writes()).extracting(EmbeddedChunk::embedding).containsExactly(new float[] {1}, new float[] {2});
    }

    @Test
    void chunksInPlaceAreNotWrittenMovedOnesReuseTheStoredVectorNewOnesAreEmbedded() {
        KnownDocument known = stored("a", "b", "c");
        List<Chunk> chunks = chunks("a", "x", "b");
        ChunkPlan plan = ChunkPlan.of(known, 2, new byte[] {2}, chunks, hashes(chunks));

        assertThat(plan.toEmbed()).extracting(Chunk::text).containsExactly("x");
        assertThat(plan.reused()).isEqualTo(2);
        plan.fill(new float[][] {{9}}, 0);
        List<EmbeddedChunk> writes = plan.writes();
        assertThat(writes).extracting(EmbeddedChunk::chunkNo).containsExactly(1, 2);
        assertThat(writes.get(0).embedding()).containsExactly(9);
        assertThat(writes.get(1).reusesStoredVector()).as("b moved from 1 to 2").isTrue();
        assertThat(plan.chunkCount()).isEqualTo(3);
    }

    @Test
    void theNextVersionReusesVectorsThatAreNotStoredYet() {
        List<Chunk> first = chunks("a", "b");
        ChunkPlan v1 = ChunkPlan.of(null, 1, new byte[] {1}, first, hashes(first));
        v1.fill(new float[][] {{1}, {2}}, 0);
        List<Chunk> second = chunks("b", "c");
        ChunkPlan v2 = ChunkPlan.of(v1.after(), 2, new byte[] {2}, second, hashes(second));

        assertThat(v2.toEmbed()).extracting(Chunk::text).containsExactly("c");
        v2.fill(new float[][] {{3}}, 0);
        assertThat(v2.writes()).extracting(EmbeddedChunk::embedding).containsExactly(new float[] {2}, new float[] {3});
    }
}

package io.vectorline.sink.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.model.RecordOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusedWritesTest {
    private static final RecordOrigin ORIGIN = new RecordOrigin("docs", 0, 1);

    /** Version {@code version} of document a, titled {@code title}, with 2 chunks of which it writes chunk 0. */
    private static PendingWrites.Pending keepingChunk1Of(long version, long basis, String title) {
        return PendingWrites.Pending.of(DocumentWrite.upsert("t", "a", version, title, Map.of(), null, Instant.EPOCH,
                "m", List.of(chunk(0, "new in v" + version)), new byte[] {2}, 2).from(ORIGIN, basis));
    }

    /** Version {@code version} of document a with both its chunks. */
    private static PendingWrites.Pending whole(long version) {
        return PendingWrites.Pending.of(DocumentWrite.upsert("t", "a", version, "bad title", Map.of(), null,
                Instant.EPOCH, "m", List.of(chunk(0, "zero"), chunk(1, "one of v" + version))).from(ORIGIN, 0));
    }

    private static EmbeddedChunk chunk(int number, String text) {
        return new EmbeddedChunk(number, text, text.getBytes(), new float[] {number});
    }

    @Test
    void aWriteKeepingChunksOfARefusedOneIsFoldedOverIt() {
        RefusedWrites refused = new RefusedWrites();
        refused.refused(whole(1));

        PendingWrites.Pending resolved = refused.resolve(keepingChunk1Of(2, 1, "good title"));

        assertThat(resolved.upsert().standsAlone()).isTrue();
        assertThat(resolved.upsert().title()).isEqualTo("good title");
        assertThat(resolved.upsert().chunks()).extracting(EmbeddedChunk::content)
                .containsExactly("new in v2", "one of v1");
        assertThat(resolved.origins()).as("only its own records").containsExactly(ORIGIN);
    }

    @Test
    void writesThatDoNotBuildOnTheRefusedOneAreLeftAlone() {
        RefusedWrites refused = new RefusedWrites();
        refused.refused(whole(1));

        PendingWrites.Pending onStored = keepingChunk1Of(2, 0, "t");
        assertThat(refused.resolve(onStored)).as("builds on what is stored").isSameAs(onStored);
        PendingWrites.Pending alone = whole(2);
        assertThat(refused.resolve(alone)).as("needs nothing stored").isSameAs(alone);
    }

    @Test
    void aStoredWriteOrThreeCheckpointsEndARefusal() {
        RefusedWrites refused = new RefusedWrites();
        refused.refused(whole(1));
        refused.stored(whole(2));
        assertThat(refused.size()).isZero();

        refused.refused(whole(3));
        for (int i = 0; i < RefusedWrites.KEPT_FOR_CHECKPOINTS; i++) {
            refused.checkpointFlushed();
        }
        assertThat(refused.size()).isOne();
        refused.checkpointFlushed();
        assertThat(refused.size()).isZero();
    }
}

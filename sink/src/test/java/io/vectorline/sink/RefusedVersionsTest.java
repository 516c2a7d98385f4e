package io.vectorline.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RefusedVersionsTest {
    private static final RecordOrigin ORIGIN = new RecordOrigin("docs", 0, 1);

    /** Version {@code version} of document a, writing chunk 0 of 2 and keeping chunk 1 of {@code basis}. */
    private static PendingWrites.Pending keepingChunkOf(long version, long basis) {
        return pending(DocumentWrite.upsert("t", "a", version, null, Map.of(), null, Instant.EPOCH, "m",
                List.of(new EmbeddedChunk(0, "x", new byte[] {1}, new float[] {1})), new byte[] {2}, 2)
                .from(ORIGIN, basis));
    }

    private static PendingWrites.Pending whole(long version) {
        return pending(DocumentWrite.upsert("t", "a", version, null, Map.of(), null, Instant.EPOCH, "m",
                List.of(new EmbeddedChunk(0, "x", new byte[] {1}, new float[] {1}))).from(ORIGIN, version - 1));
    }

    private static PendingWrites.Pending pending(DocumentWrite write) {
        PendingWrites pending = new PendingWrites();
        pending.add(write);
        return pending.documents().iterator().next();
    }

    @Test
    void aWriteKeepingChunksOfARefusedVersionIsRefusedToo() {
        RefusedVersions refused = new RefusedVersions();
        refused.refused(whole(1));

        assertThat(refused.buildsOnRefused(keepingChunkOf(2, 1))).isTrue();
        assertThat(refused.buildsOnRefused(keepingChunkOf(2, 0))).as("builds on what is stored").isFalse();
        assertThat(refused.buildsOnRefused(whole(2))).as("needs nothing stored").isFalse();
    }

    @Test
    void aRefusedDependentPassesTheRefusalOnAndAStoredVersionEndsIt() {
        RefusedVersions refused = new RefusedVersions();
        refused.refused(whole(1));
        refused.refused(keepingChunkOf(2, 1));

        assertThat(refused.buildsOnRefused(keepingChunkOf(3, 2))).isTrue();
        refused.stored(whole(3));
        assertThat(refused.buildsOnRefused(keepingChunkOf(4, 2))).isFalse();
    }
}

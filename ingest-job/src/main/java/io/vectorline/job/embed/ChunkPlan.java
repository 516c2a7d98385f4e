package io.vectorline.job.embed;

import io.vectorline.embedder.Chunk;
import io.vectorline.model.DocumentWrite;
import io.vectorline.model.EmbeddedChunk;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which chunks of a new version must be embedded, given what is known of the document: a chunk
 * whose content hash sits at the same place is left as stored; one that moved is rewritten with
 * the known vector; only new content is embedded.
 */
final class ChunkPlan {
    private record Planned(Chunk chunk, byte[] hash, KnownDocument.VectorSlot vector, boolean written) {}

    private final List<Planned> planned;
    private final List<Chunk> toEmbed;
    private final List<KnownDocument.VectorSlot> embeddedSlots;
    private final KnownDocument after;
    private final long basisVersion;

    private ChunkPlan(List<Planned> planned, List<Chunk> toEmbed, List<KnownDocument.VectorSlot> embeddedSlots,
            KnownDocument after, long basisVersion) {
        this.planned = planned;
        this.toEmbed = toEmbed;
        this.embeddedSlots = embeddedSlots;
        this.after = after;
        this.basisVersion = basisVersion;
    }

    /** {@code known} may be null (nothing stored) or have no chunks loaded (then all are embedded). */
    static ChunkPlan of(KnownDocument known, long version, byte[] contentHash, List<Chunk> chunks,
            List<byte[]> chunkHashes) {
        List<Planned> planned = new ArrayList<>(chunks.size());
        List<Chunk> toEmbed = new ArrayList<>();
        List<KnownDocument.VectorSlot> slots = new ArrayList<>();
        Map<ByteBuffer, KnownDocument.KnownChunk> byHash = new HashMap<>();
        Map<Integer, ByteBuffer> hashByNumber = new HashMap<>();
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            ByteBuffer hash = ByteBuffer.wrap(chunkHashes.get(i));
            KnownDocument.KnownChunk same = known == null ? null : known.chunk(hash);
            KnownDocument.VectorSlot vector;
            boolean written;
            if (same == null) {
                vector = new KnownDocument.VectorSlot();
                toEmbed.add(chunk);
                slots.add(vector);
                written = true;
            } else {
                vector = same.vector();
                written = !known.hasAt(chunk.number(), hash);
            }
            planned.add(new Planned(chunk, chunkHashes.get(i), vector, written));
            byHash.putIfAbsent(hash, new KnownDocument.KnownChunk(chunk.number(), vector));
            hashByNumber.put(chunk.number(), hash);
        }
        KnownDocument after = new KnownDocument(version, chunks.size(), contentHash, byHash, hashByNumber);
        return new ChunkPlan(planned, toEmbed, slots, after, known == null ? DocumentWrite.NO_BASIS : known.version);
    }

    /** The version whose chunks the writes keep or whose vectors they reuse. */
    long basisVersion() {
        return basisVersion;
    }

    List<Chunk> toEmbed() {
        return toEmbed;
    }

    void fill(float[][] vectors, int offset) {
        for (int i = 0; i < embeddedSlots.size(); i++) {
            embeddedSlots.get(i).vector = vectors[offset + i];
        }
    }

    int chunkCount() {
        return planned.size();
    }

    /** Chunks taken from what is known instead of embedded. */
    int reused() {
        return planned.size() - toEmbed.size();
    }

    /** The chunks to write, after {@link #fill}; a null vector is the stored chunk's with that hash. */
    List<EmbeddedChunk> writes() {
        List<EmbeddedChunk> writes = new ArrayList<>();
        for (Planned p : planned) {
            if (p.written()) {
                writes.add(new EmbeddedChunk(p.chunk().number(), p.chunk().text(), p.hash(),
                        p.vector() == null ? null : p.vector().vector));
            }
        }
        return writes;
    }

    KnownDocument after() {
        return after;
    }
}

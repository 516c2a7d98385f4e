package io.vectorline.job;

import io.vectorline.embedder.Chunk;
import io.vectorline.embedder.Chunker;
import io.vectorline.embedder.ChunkingOptions;
import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.embedder.OnnxEmbedder;
import io.vectorline.sink.DocumentWrite;
import io.vectorline.sink.EmbeddedChunk;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;

/**
 * Chunks a document and embeds its chunks in one embedder call. The ONNX session is opened in
 * {@link #open} and closed in {@link #close}, never held statically, so a restarted job (with a
 * fresh class loader) does not leak it.
 */
final class EmbedFunction extends RichMapFunction<DocumentChange, DocumentWrite> {
    private static final long serialVersionUID = 1L;

    private final EmbeddingModel model;
    private final ChunkingOptions chunking;
    private final EmbedderOptions embedderOptions;
    private transient OnnxEmbedder embedder;
    private transient Chunker chunker;
    private transient Counter embeddedChunks;
    private transient MessageDigest digest;
    private transient byte[] hashPrefix;

    EmbedFunction(EmbeddingModel model, ChunkingOptions chunking, EmbedderOptions embedderOptions) {
        this.model = model;
        this.chunking = chunking;
        this.embedderOptions = embedderOptions;
    }

    @Override
    public void open(OpenContext context) {
        embedder = OnnxEmbedder.open(model, embedderOptions);
        chunker = new Chunker(embedder.tokenizer(), chunking, model.spec());
        embeddedChunks = getRuntimeContext().getMetricGroup().counter("embeddedChunks");
        hashPrefix = (model.spec().id() + '\u0000' + chunking.chunkTokens() + '\u0000' + chunking.overlapTokens()
                + '\u0000').getBytes(StandardCharsets.UTF_8);
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public DocumentWrite map(DocumentChange change) {
        if (change.delete()) {
            return DocumentWrite.delete(change.tenantId(), change.docId());
        }
        List<Chunk> chunks = chunker.split(change.body());
        float[][] vectors = embedder.embed(chunks.stream().map(Chunk::text).toList());
        List<EmbeddedChunk> embedded = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            embedded.add(new EmbeddedChunk(chunk.number(), chunk.text(), contentHash(chunk.text()), vectors[i]));
        }
        embeddedChunks.inc(chunks.size());
        return DocumentWrite.upsert(change.tenantId(), change.docId(), change.version(), change.title(),
                change.metadata(), change.sourceUri(), Instant.ofEpochMilli(change.eventTimeMillis()),
                model.spec().id(), embedded);
    }

    /** Equal hashes mean an equal vector: the model, the chunking settings and the text all match. */
    private byte[] contentHash(String text) {
        digest.update(hashPrefix);
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (embedder != null) {
            embedder.close();
        }
    }
}

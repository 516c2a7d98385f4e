package io.vectorline.store;

import io.vectorline.model.DocumentRef;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.RetryPolicy;
import java.io.Serializable;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * What is stored of documents, read before they are embedded again so unchanged work is skipped:
 * version, chunk count and content hash of each, and the content hashes of their chunks.
 */
public interface StoredContent extends AutoCloseable {
    /**
     * A stored document's version and what its chunks were cut from (null if stored without a
     * hash); or, {@code deleted}, the version a deletion removed.
     */
    record StoredDocument(long version, int chunkCount, byte[] contentHash, boolean deleted) {}

    /** A stored chunk's position and content hash. */
    record StoredChunk(int chunkNo, byte[] contentHash) {}

    /** Opens a reader where it runs (a Flink operator carries this, not the reader). */
    @FunctionalInterface
    interface Source extends Serializable {
        StoredContent open();
    }

    /** The stored documents among {@code refs}; absent ones are not in the map. */
    Map<DocumentRef, StoredDocument> documents(Collection<DocumentRef> refs) throws SQLException;

    /** The stored chunks of {@code refs}, per document. */
    Map<DocumentRef, List<StoredChunk>> chunks(Collection<DocumentRef> refs) throws SQLException;

    @Override
    void close() throws SQLException;

    /** Reads {@code tables} in PostgreSQL, waiting out transient failures. */
    static Source in(ConnectionFactory connections, RetryPolicy retry, StoreTables tables) {
        return () -> new PgStoredContent(connections, retry, tables);
    }
}

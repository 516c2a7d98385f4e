package io.vectorline.sink;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what is stored of documents before they are embedded again: version, chunk count and
 * content hash of each, and the content hashes of their chunks, so unchanged work is skipped.
 * Transient failures are waited out on a new connection ({@link TransientRetry}).
 */
public final class StoredContent implements AutoCloseable {
    /** A stored document's version and what its chunks were cut from (null if stored without a hash). */
    public record StoredDocument(long version, int chunkCount, byte[] contentHash) {}

    /** A stored chunk's position and content hash. */
    public record StoredChunk(int chunkNo, byte[] contentHash) {}

    private static final String KEYS = "(tenant_id, doc_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))";
    private static final String DOCUMENTS =
            "SELECT tenant_id, doc_id, version, chunk_count, content_hash FROM documents WHERE " + KEYS;
    private static final String CHUNKS = "SELECT tenant_id, doc_id, chunk_no, content_hash FROM chunks WHERE " + KEYS;

    private interface Reader<T> {
        T read(Connection connection) throws SQLException;
    }

    private final VectorStoreWriter.ConnectionFactory connections;
    private final TransientRetry retry;
    private Connection connection;

    public StoredContent(VectorStoreWriter.ConnectionFactory connections, RetryPolicy retry) {
        this.connections = connections;
        this.retry = new TransientRetry(retry);
    }

    /** The stored documents among {@code refs}; absent ones are not in the map. */
    public Map<DocumentRef, StoredDocument> documents(Collection<DocumentRef> refs) throws SQLException {
        Map<DocumentRef, StoredDocument> stored = new HashMap<>();
        if (refs.isEmpty()) {
            return stored;
        }
        return withRetry(current -> {
            stored.clear();
            try (PreparedStatement query = keyed(current, DOCUMENTS, refs); ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    stored.put(new DocumentRef(rs.getString(1), rs.getString(2)),
                            new StoredDocument(rs.getLong(3), rs.getInt(4), rs.getBytes(5)));
                }
            }
            return stored;
        });
    }

    /** The stored chunks of {@code refs}, per document. */
    public Map<DocumentRef, List<StoredChunk>> chunks(Collection<DocumentRef> refs) throws SQLException {
        Map<DocumentRef, List<StoredChunk>> stored = new HashMap<>();
        if (refs.isEmpty()) {
            return stored;
        }
        return withRetry(current -> {
            stored.clear();
            try (PreparedStatement query = keyed(current, CHUNKS, refs); ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    stored.computeIfAbsent(new DocumentRef(rs.getString(1), rs.getString(2)), ref -> new ArrayList<>())
                            .add(new StoredChunk(rs.getInt(3), rs.getBytes(4)));
                }
            }
            return stored;
        });
    }

    private static PreparedStatement keyed(Connection connection, String sql, Collection<DocumentRef> refs)
            throws SQLException {
        PreparedStatement query = connection.prepareStatement(sql);
        query.setArray(1, connection.createArrayOf("text", refs.stream().map(DocumentRef::tenantId).toArray()));
        query.setArray(2, connection.createArrayOf("text", refs.stream().map(DocumentRef::docId).toArray()));
        return query;
    }

    private <T> T withRetry(Reader<T> reader) throws SQLException {
        return retry.run("reading stored content", () -> {
            if (connection == null) {
                connection = connections.open();
            }
            return reader.read(connection);
        }, (failure, kind) -> {
            try {
                close();
            } catch (SQLException closeFailure) {
                failure.addSuppressed(closeFailure);
            }
        });
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            try {
                connection.close();
            } finally {
                connection = null;
            }
        }
    }
}

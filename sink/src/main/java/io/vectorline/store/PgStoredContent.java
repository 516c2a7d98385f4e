package io.vectorline.store;

import io.vectorline.model.DocumentRef;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.RetryPolicy;
import io.vectorline.store.jdbc.RetryingTransactions;
import io.vectorline.store.jdbc.SqlLiteral;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@link StoredContent} read with one keyed query per lookup; transient failures are waited out. */
final class PgStoredContent implements StoredContent {
    /** One row of a keyed query, added to what was read so far. */
    @FunctionalInterface
    private interface RowReader<T> {
        void read(ResultSet row, DocumentRef ref, Map<DocumentRef, T> into) throws SQLException;
    }

    /** The tenants as constants too, so Citus reads only their shards. */
    private static final String KEYS = "(tenant_id, doc_id) IN (SELECT * FROM unnest(?::text[], ?::text[]))"
            + " AND tenant_id IN (%s)";

    private final RetryingTransactions transactions;
    private final String documentsQuery;
    private final String deletionsQuery;
    private final String chunksQuery;

    PgStoredContent(ConnectionFactory connections, RetryPolicy retry, StoreTables tables) {
        this.transactions = new RetryingTransactions(connections, retry, List.of());
        this.documentsQuery = "SELECT tenant_id, doc_id, version, chunk_count, content_hash FROM "
                + tables.documents() + " WHERE " + KEYS;
        this.deletionsQuery = "SELECT tenant_id, doc_id, version FROM " + StoreTables.DELETIONS + " WHERE " + KEYS;
        this.chunksQuery = "SELECT tenant_id, doc_id, chunk_no, content_hash FROM " + tables.chunks() + " WHERE " + KEYS;
    }

    @Override
    public Map<DocumentRef, StoredDocument> documents(Collection<DocumentRef> refs) throws SQLException {
        Map<DocumentRef, StoredDocument> stored = read(documentsQuery, refs, (row, ref, into) ->
                into.put(ref, new StoredDocument(row.getLong(3), row.getInt(4), row.getBytes(5), false)));
        // a stored document is newer than any deletion of it: only the others may be deleted ones
        List<DocumentRef> notStored = refs.stream().filter(ref -> !stored.containsKey(ref)).toList();
        stored.putAll(read(deletionsQuery, notStored, (row, ref, into) ->
                into.put(ref, new StoredDocument(row.getLong(3), 0, null, true))));
        return stored;
    }

    @Override
    public Map<DocumentRef, List<StoredChunk>> chunks(Collection<DocumentRef> refs) throws SQLException {
        return read(chunksQuery, refs, (row, ref, into) -> into.computeIfAbsent(ref, r -> new ArrayList<>())
                .add(new StoredChunk(row.getInt(3), row.getBytes(4))));
    }

    private <T> Map<DocumentRef, T> read(String sql, Collection<DocumentRef> refs, RowReader<T> reader)
            throws SQLException {
        if (refs.isEmpty()) {
            return new HashMap<>();
        }
        return transactions.run("reading stored content", connection -> {
            Map<DocumentRef, T> stored = new HashMap<>();
            try (PreparedStatement query = keyed(connection, sql, refs); ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs, new DocumentRef(rs.getString(1), rs.getString(2)), stored);
                }
            }
            return stored;
        });
    }

    private static PreparedStatement keyed(Connection connection, String sql, Collection<DocumentRef> refs)
            throws SQLException {
        String tenants = refs.stream().map(DocumentRef::tenantId).distinct().map(SqlLiteral::of)
                .collect(Collectors.joining(", "));
        PreparedStatement query = connection.prepareStatement(sql.formatted(tenants));
        query.setArray(1, connection.createArrayOf("text", refs.stream().map(DocumentRef::tenantId).toArray()));
        query.setArray(2, connection.createArrayOf("text", refs.stream().map(DocumentRef::docId).toArray()));
        return query;
    }

    @Override
    public void close() throws SQLException {
        transactions.close();
    }
}

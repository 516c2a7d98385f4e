package io.vectorline.job.backfill.source;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.job.source.RawRecord;
import io.vectorline.model.RecordOrigin;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import io.vectorline.store.StoreTables;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a tenant's stored documents a page at a time, in {@code doc_id} order after a given one
 * (a primary-key range scan, pruned to one shard on Citus), each as the record the documents topic
 * would carry for its stored version, so the pipeline treats it like any other.
 */
public final class StoredDocumentPages implements ReplayPages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

    private final ConnectionFactory connections;
    private final String select;
    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();
    private Connection connection;
    private PreparedStatement page;
    private long read;

    /** Pages of the documents stored in {@code tables}, a split per tenant. */
    public static Opener opener(ConnectionFactory connections, StoreTables tables) {
        return () -> new StoredDocumentPages(connections, tables);
    }

    private StoredDocumentPages(ConnectionFactory connections, StoreTables tables) {
        this.connections = connections;
        this.select = """
                SELECT doc_id, version, title, body, metadata::text, source_uri, event_time, recorded_at
                FROM %s
                WHERE tenant_id = ? AND doc_id > ? AND body IS NOT NULL
                ORDER BY doc_id
                LIMIT ?""".formatted(tables.documents());
    }

    @Override
    public List<Entry> next(ReplaySplit split, int size) throws SQLException, IOException {
        if (page == null) {
            connection = connections.open();
            page = connection.prepareStatement(select);
        }
        page.setString(1, split.id());
        page.setString(2, split.after());
        page.setInt(3, size);
        List<Entry> documents = new ArrayList<>(size);
        try (ResultSet rs = page.executeQuery()) {
            while (rs.next()) {
                String docId = rs.getString(1);
                DocumentKey key = new DocumentKey(split.id(), docId);
                DocumentEvent event = DocumentEvent.newBuilder()
                        .setTenantId(split.id())
                        .setDocId(docId)
                        .setVersion(rs.getLong(2))
                        .setTitle(rs.getString(3))
                        .setBody(rs.getString(4))
                        .setMetadata(Map.copyOf(JSON.readValue(rs.getString(5), METADATA)))
                        .setSourceUri(rs.getString(6))
                        .setEventTime(rs.getTimestamp(7).toInstant())
                        .build();
                RecordOrigin origin = RecordOrigin.store(read++);
                // the version keeps the time its record was written, unknown as it may be
                Timestamp recorded = rs.getTimestamp(8);
                documents.add(new Entry(docId, new RawRecord(origin.topic(), origin.partition(),
                        origin.offset(), recorded == null ? RawRecord.NO_TIMESTAMP : recorded.getTime(),
                        keys.encode(key), events.encode(event))));
            }
        }
        return documents;
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }
}

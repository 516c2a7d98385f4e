package io.vectorline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.EmbeddedChunk;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The rows of the store, each defined once: a document, a document as staged for a merge, and a
 * chunk. Tables, staging DDL, COPY statements and merges are all spelled from these.
 */
public final class StoreRows {
    /** One chunk of a document version. */
    public record ChunkRow(DocumentUpsert document, EmbeddedChunk chunk) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Column<DocumentUpsert>> DOCUMENT_FIELDS = List.of(
            Column.of("version", "bigint", (rows, d) -> rows.int8(d.version())),
            Column.of("title", "text", (rows, d) -> rows.text(d.title())),
            Column.of("metadata", "jsonb", (rows, d) -> rows.jsonb(json(d))),
            Column.of("source_uri", "text", (rows, d) -> rows.text(d.sourceUri())),
            Column.of("event_time", "timestamptz", (rows, d) -> rows.timestamptz(d.eventTime())),
            Column.of("chunk_count", "int", (rows, d) -> rows.int4(d.chunkCount())),
            Column.of("content_hash", "bytea", (rows, d) -> rows.bytea(d.contentHash())),
            // staged as stored: a compressed value moves between tables as it is, never recompressed
            Column.of("body", "text COMPRESSION lz4", (rows, d) -> rows.text(d.body())),
            Column.of("recorded_at", "timestamptz", (rows, d) -> rows.timestamptz(d.recordedAt())));

    /** A stored document: its key, then its fields. */
    public static final RowLayout<DocumentUpsert> DOCUMENT = new RowLayout<>(List.of(
            Column.key("tenant_id", "text", (rows, d) -> rows.text(d.tenantId())),
            Column.key("doc_id", "text", (rows, d) -> rows.text(d.docId()))), DOCUMENT_FIELDS);

    /** A document staged for the merge: its key, what to do, and the fields of its upsert if any. */
    public static final RowLayout<StagedDocument> STAGED_DOCUMENT = new RowLayout<>(List.of(
            Column.key("tenant_id", "text", (rows, s) -> rows.text(s.ref().tenantId())),
            Column.key("doc_id", "text", (rows, s) -> rows.text(s.ref().docId())),
            Column.of("delete_first", "boolean", (rows, s) -> rows.bool(s.deleteFirst())),
            Column.of("delete_up_to", "timestamptz", (rows, s) -> rows.timestamptz(s.deletesUpTo())),
            Column.of("deleted_version", "bigint", (rows, s) -> rows.int8(s.deletedVersion())),
            Column.of("upsert", "boolean", (rows, s) -> rows.bool(s.upsert() != null))),
            new RowLayout<>(DOCUMENT_FIELDS).over(StagedDocument::upsert));

    /** A chunk; a null embedding (staged only) asks the merge to reuse the stored vector. */
    public static final RowLayout<ChunkRow> CHUNK = new RowLayout<>(List.of(
            Column.key("tenant_id", "text", (rows, c) -> rows.text(c.document().tenantId())),
            Column.key("doc_id", "text", (rows, c) -> rows.text(c.document().docId())),
            Column.key("chunk_no", "int", (rows, c) -> rows.int4(c.chunk().chunkNo())),
            Column.of("version", "bigint", (rows, c) -> rows.int8(c.chunk().version())),
            Column.of("model_id", "text", (rows, c) -> rows.text(c.document().modelId())),
            Column.of("content", "text", (rows, c) -> rows.text(c.chunk().content())),
            Column.of("content_hash", "bytea", (rows, c) -> rows.bytea(c.chunk().contentHash())),
            Column.of("embedding", "vector", (rows, c) -> rows.vector(c.chunk().embedding()))));

    private StoreRows() {}

    private static String json(DocumentUpsert document) {
        try {
            return JSON.writeValueAsString(document.metadata());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("metadata of " + document.ref() + " is not serialisable", e);
        }
    }
}

package io.vectorline.job;

import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.InvalidPayloadException;
import io.vectorline.schema.SingleObjectCodec;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and validates each record. Anything wrong with one record (bad bytes, unknown schema,
 * a key that disagrees with its value, a body over the size limit) sends it to the dead-letter
 * output with the reason; the job and the records around it go on.
 */
final class DecodeFunction extends ProcessFunction<RawRecord, DocumentChange> {
    private static final long serialVersionUID = 1L;
    static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final int maxBodyChars;
    private transient SingleObjectCodec<DocumentEvent> events;
    private transient SingleObjectCodec<DocumentKey> keys;

    DecodeFunction(int maxBodyChars) {
        this.maxBodyChars = maxBodyChars;
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<DocumentChange> out) {
        try {
            out.collect(decode(record));
        } catch (InvalidRecordException | InvalidPayloadException e) {
            context.output(DEAD_LETTERS, new DeadLetter(record, "decode", e.getMessage()));
        }
    }

    DocumentChange decode(RawRecord record) {
        if (events == null) {
            events = SingleObjectCodec.documentEvents();
            keys = SingleObjectCodec.documentKeys();
        }
        if (record.key() == null) {
            throw new InvalidRecordException("record has no key; the key must be a DocumentKey (tenant_id, doc_id)");
        }
        DocumentKey key = keys.decode(record.key());
        requireId("key tenant_id", key.getTenantId());
        requireId("key doc_id", key.getDocId());
        requireNoNul("key tenant_id", key.getTenantId());
        requireNoNul("key doc_id", key.getDocId());
        if (record.value() == null) {
            return DocumentChange.deletion(key.getTenantId(), key.getDocId(), record.origin());
        }
        DocumentEvent event = events.decode(record.value());
        if (!event.getTenantId().equals(key.getTenantId()) || !event.getDocId().equals(key.getDocId())) {
            throw new InvalidRecordException("key (" + key.getTenantId() + ", " + key.getDocId()
                    + ") does not match the value's (" + event.getTenantId() + ", " + event.getDocId() + ")");
        }
        requireStorable(event);
        if (event.getBody().length() > maxBodyChars) {
            throw new InvalidRecordException("body has " + event.getBody().length() + " characters, over the limit of "
                    + maxBodyChars);
        }
        return new DocumentChange(event.getTenantId(), event.getDocId(), false, event.getVersion(), event.getTitle(),
                event.getBody(), event.getMetadata(), event.getSourceUri(), event.getEventTime().toEpochMilli(),
                record.origin());
    }

    /** PostgreSQL text and jsonb cannot hold U+0000; such a record would fail every flush it is in. */
    private static void requireStorable(DocumentEvent event) {
        requireNoNul("body", event.getBody());
        requireNoNul("title", event.getTitle());
        requireNoNul("source_uri", event.getSourceUri());
        requireNoNul("content_type", event.getContentType());
        event.getMetadata().forEach((key, value) -> {
            requireNoNul("metadata key", key);
            requireNoNul("metadata value of " + key, value);
        });
    }

    private static void requireNoNul(String what, String value) {
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new InvalidRecordException(what + " contains U+0000 (NUL), which PostgreSQL cannot store");
        }
    }

    private static void requireId(String what, String value) {
        if (value.isBlank()) {
            throw new InvalidRecordException(what + " is blank");
        }
    }

    /** One record is unusable; the job is fine. */
    static final class InvalidRecordException extends RuntimeException {
        InvalidRecordException(String message) {
            super(message);
        }
    }
}

package io.vectorline.job.decode;

import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.job.deadletter.DeadLetterReason;
import io.vectorline.job.source.RawRecord;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.InvalidPayloadException;
import io.vectorline.schema.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes and validates each record against the producer contract (README, "Publishing
 * documents"). Anything wrong with one record sends it to the dead-letter output with a reason
 * code and a sentence; the job and the records around it go on.
 */
public final class DecodeFunction extends ProcessFunction<RawRecord, DocumentChange> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
    public static final String STAGE = "decode";
    /** Ids are keys of B-tree indexes, whose entries must stay well under a page: limits in UTF-8 bytes. */
    static final int MAX_TENANT_ID_BYTES = 256;
    static final int MAX_DOC_ID_BYTES = 1024;

    /** Accumulators: deletions decoded, and records dead-lettered here. */
    public static final String DELETIONS = "deletions";
    public static final String DEAD_LETTERS_COUNT = "decodeDeadLetters";

    private final int maxBodyChars;
    private final boolean replay;
    private final LongCounter deletions = new LongCounter();
    private final LongCounter deadLetters = new LongCounter();
    private transient SingleObjectCodec<DocumentEvent> events;
    private transient SingleObjectCodec<DocumentKey> keys;

    /** {@code replay}: whether the records are history a backfill replays rather than the newest events. */
    public DecodeFunction(int maxBodyChars, boolean replay) {
        this.maxBodyChars = maxBodyChars;
        this.replay = replay;
    }

    @Override
    public void open(OpenContext openContext) {
        getRuntimeContext().addAccumulator(DELETIONS, deletions);
        getRuntimeContext().addAccumulator(DEAD_LETTERS_COUNT, deadLetters);
    }

    @Override
    public void processElement(RawRecord record, Context context, Collector<DocumentChange> out) {
        try {
            DocumentChange change = decode(record);
            if (change instanceof Deletion) {
                deletions.add(1);
            }
            out.collect(change);
        } catch (InvalidRecordException e) {
            deadLetters.add(1);
            context.output(DEAD_LETTERS, new DeadLetter(record, STAGE, e.reason, e.getMessage()));
        } catch (InvalidPayloadException e) {
            deadLetters.add(1);
            context.output(DEAD_LETTERS, new DeadLetter(record, STAGE, DeadLetterReason.of(e.kind()), e.getMessage()));
        }
    }

    DocumentChange decode(RawRecord record) {
        if (events == null) {
            events = SingleObjectCodec.documentEvents();
            keys = SingleObjectCodec.documentKeys();
        }
        if (record.key() == null) {
            throw new InvalidRecordException(DeadLetterReason.MISSING_KEY,
                    "record has no key; the key must be a DocumentKey (tenant_id, doc_id)");
        }
        DocumentKey key = keys.decode(record.key());
        requireId("key tenant_id", key.getTenantId(), MAX_TENANT_ID_BYTES);
        requireId("key doc_id", key.getDocId(), MAX_DOC_ID_BYTES);
        if (record.value() == null) {
            // a replayed tombstone may be older than what is stored now; a record without a
            // timestamp cannot tell, and deletes like a live one
            return new Deletion(key.getTenantId(), key.getDocId(), replay ? recordedAt(record) : null,
                    record.origin());
        }
        DocumentEvent event = events.decode(record.value());
        if (!event.getTenantId().equals(key.getTenantId()) || !event.getDocId().equals(key.getDocId())) {
            throw new InvalidRecordException(DeadLetterReason.KEY_MISMATCH, "key (" + key.getTenantId() + ", "
                    + key.getDocId() + ") does not match the value's (" + event.getTenantId() + ", "
                    + event.getDocId() + ")");
        }
        if (event.getVersion() < 0) {
            throw new InvalidRecordException(DeadLetterReason.INVALID_VERSION,
                    "version is " + event.getVersion() + "; versions start at 0");
        }
        requireStorable(event);
        if (event.getBody().length() > maxBodyChars) {
            throw new InvalidRecordException(DeadLetterReason.BODY_TOO_LARGE, "body has " + event.getBody().length()
                    + " characters, over the limit of " + maxBodyChars);
        }
        return new NewVersion(event.getTenantId(), event.getDocId(), event.getVersion(), event.getTitle(),
                event.getBody(), event.getMetadata(), event.getSourceUri(), event.getEventTime().toEpochMilli(),
                recordedAt(record), record.origin());
    }

    private static Instant recordedAt(RawRecord record) {
        return record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : null;
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
            throw new InvalidRecordException(DeadLetterReason.UNSTORABLE_TEXT,
                    what + " contains U+0000 (NUL), which PostgreSQL cannot store");
        }
    }

    /** Ids name rows, log lines and metric labels: printable text of bounded size. */
    private static void requireId(String what, String value, int maxBytes) {
        if (value.isBlank()) {
            throw new InvalidRecordException(DeadLetterReason.INVALID_ID, what + " is blank");
        }
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new InvalidRecordException(DeadLetterReason.INVALID_ID,
                    what + " has " + bytes + " bytes in UTF-8, over the limit of " + maxBytes);
        }
        int control = value.codePoints().filter(Character::isISOControl).findFirst().orElse(-1);
        if (control >= 0) {
            throw new InvalidRecordException(DeadLetterReason.INVALID_ID,
                    what + " contains the control character U+" + String.format("%04X", control));
        }
    }

    /** One record is unusable; the job is fine. */
    static final class InvalidRecordException extends RuntimeException {
        final DeadLetterReason reason;

        InvalidRecordException(DeadLetterReason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }
}

package io.vectorline.bench.faults;

import io.vectorline.bench.faults.CorpusRecord.Kind;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/** Records the job must dead-letter, one of each kind per copy, under a tenant of their own. */
final class PoisonRecords {
    static final String TENANT = "tenant-poison";
    private static final int RANDOM_BYTES = 2_500_000;
    static final int LARGE_BODY_CHARS = 3_000_000;
    private static final String UTF8_MARKER = "MARKER-FOR-A-LONE-CONTINUATION-BYTE";
    private static final Instant EVENT_TIME = Instant.parse("2026-01-01T00:00:00Z");

    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();
    private final SplittableRandom random;
    private final String largeBody;

    /** {@code prose} is repeated into the oversized body. */
    PoisonRecords(long seed, String prose) {
        this.random = new SplittableRandom(seed);
        this.largeBody = (prose + "\n\n").repeat(LARGE_BODY_CHARS / (prose.length() + 2) + 1)
                .substring(0, LARGE_BODY_CHARS);
    }

    CorpusRecord build(Kind kind, int copy) {
        String docId = "poison-" + kind.deadLetterCode + "-" + copy;
        return switch (kind) {
            case NOT_AVRO -> {
                byte[] junk = new byte[RANDOM_BYTES];
                random.nextBytes(junk);
                junk[0] = 0; // never the single-object marker 0xC3 0x01
                yield CorpusRecord.poison(kind, key(TENANT, docId), junk);
            }
            case BODY_TOO_LARGE -> CorpusRecord.poison(kind, key(TENANT, docId),
                    events.encode(event(TENANT, docId, 1).setBody(largeBody).build()));
            case INVALID_VERSION -> CorpusRecord.poison(kind, key(TENANT, docId),
                    events.encode(event(TENANT, docId, -5).build()));
            case INVALID_UTF8 -> CorpusRecord.poison(kind, key(TENANT, docId), invalidUtf8(docId));
            case KEY_MISMATCH -> CorpusRecord.poison(kind, key(TENANT, docId),
                    events.encode(event(TENANT, docId + "-other", 1).build()));
            case MISSING_KEY -> CorpusRecord.poison(kind, null, events.encode(event(TENANT, docId, 1).build()));
            case INVALID_ID -> CorpusRecord.poison(kind, key(TENANT, " "), events.encode(event(TENANT, " ", 1).build()));
            default -> throw new IllegalArgumentException(kind + " is not poison");
        };
    }

    /** A valid event whose body then gets a lone continuation byte (0x80) in place of a marker's bytes. */
    private byte[] invalidUtf8(String docId) {
        byte[] payload = events.encode(event(TENANT, docId, 1).setBody("Before " + UTF8_MARKER + " after.").build());
        byte[] marker = UTF8_MARKER.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + marker.length <= payload.length; i++) {
            if (Arrays.equals(payload, i, i + marker.length, marker, 0, marker.length)) {
                Arrays.fill(payload, i, i + marker.length, (byte) 0x80);
                return payload;
            }
        }
        throw new IllegalStateException("the marker is not in the encoded event");
    }

    private byte[] key(String tenantId, String docId) {
        return keys.encode(DocumentKey.newBuilder().setTenantId(tenantId).setDocId(docId).build());
    }

    private static DocumentEvent.Builder event(String tenantId, String docId, long version) {
        return DocumentEvent.newBuilder()
                .setTenantId(tenantId)
                .setDocId(docId)
                .setVersion(version)
                .setTitle("Poison " + docId)
                .setBody("The body of " + docId + ".")
                .setContentType("text/plain")
                .setMetadata(Map.of())
                .setSourceUri(null)
                .setEventTime(EVENT_TIME);
    }
}

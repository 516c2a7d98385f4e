package io.vectorline.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.InvalidPayloadException;
import io.vectorline.schema.SingleObjectCodec;
import io.vectorline.sink.RecordOrigin;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecodeFunctionTest {
    private final DecodeFunction decode = new DecodeFunction(100);
    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();

    private byte[] key(String tenant, String doc) {
        return keys.encode(DocumentKey.newBuilder().setTenantId(tenant).setDocId(doc).build());
    }

    private byte[] value(String tenant, String doc, String body) {
        return events.encode(DocumentEvent.newBuilder().setTenantId(tenant).setDocId(doc).setVersion(7)
                .setBody(body).setMetadata(Map.of("k", "v")).setEventTime(Instant.ofEpochMilli(99)).build());
    }

    private static RawRecord record(byte[] key, byte[] value) {
        return new RawRecord("documents", 0, 1, 2, key, value);
    }

    @Test
    void decodesAnEvent() {
        DocumentChange change = decode.decode(record(key("t", "d"), value("t", "d", "hello")));
        assertThat(change).isEqualTo(new DocumentChange("t", "d", false, 7, null, "hello", Map.of("k", "v"), null, 99,
                new RecordOrigin("documents", 0, 1)));
    }

    @Test
    void aNullValueIsADeletion() {
        assertThat(decode.decode(record(key("t", "d"), null))).isEqualTo(DocumentChange.deletion("t", "d", new RecordOrigin("documents", 0, 1)));
    }

    @Test
    void refusesWhatCannotBeStoredRight() {
        assertThatThrownBy(() -> decode.decode(record(null, value("t", "d", "x")))).hasMessageContaining("no key");
        assertThatThrownBy(() -> decode.decode(record(key("t", "d"), value("t", "other", "x"))))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> decode.decode(record(key(" ", "d"), null))).hasMessageContaining("tenant_id is blank");
        assertThatThrownBy(() -> decode.decode(record(key("t", "d"), value("t", "d", "x".repeat(101)))))
                .hasMessageContaining("over the limit of 100");
        assertThatThrownBy(() -> decode.decode(record(key("t", "d"), value("t", "d", "a\u0000b"))))
                .hasMessageContaining("body contains U+0000");
        assertThatThrownBy(() -> decode.decode(record(key("t", "d\u0000"), null)))
                .hasMessageContaining("key doc_id contains U+0000");
        assertThatThrownBy(() -> decode.decode(record(new byte[] {1}, null)))
                .isInstanceOf(InvalidPayloadException.class);
    }
}

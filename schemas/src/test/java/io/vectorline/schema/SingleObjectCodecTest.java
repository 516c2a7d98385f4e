package io.vectorline.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SingleObjectCodecTest {
    private final SingleObjectCodec<DocumentEvent> codec = SingleObjectCodec.documentEvents();

    static DocumentEvent event() {
        return DocumentEvent.newBuilder()
                .setTenantId("acme")
                .setDocId("doc-1")
                .setVersion(3)
                .setTitle("Ünïcode title")
                .setBody("Body text.")
                .setMetadata(Map.of("lang", "en"))
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L))
                .build();
    }

    @Test
    void roundTripsAnEvent() {
        DocumentEvent decoded = codec.decode(codec.encode(event()));
        assertThat(decoded).isEqualTo(event());
        assertThat(decoded.getContentType()).isEqualTo("text/plain");
    }

    @Test
    void payloadStartsWithTheSingleObjectMarkerAndFingerprint() {
        byte[] bytes = codec.encode(event());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(bytes.length).isGreaterThan(10);
    }

    @Test
    void unknownFingerprintIsAnInvalidPayload() {
        byte[] foreign = SingleObjectCodec.documentKeys()
                .encode(DocumentKey.newBuilder().setTenantId("t").setDocId("d").build());
        assertThatThrownBy(() -> codec.decode(foreign))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("unknown writer schema fingerprint");
    }

    @Test
    void garbageAndTruncatedBytesAreInvalidPayloads() {
        assertThatThrownBy(() -> codec.decode("{\"tenant_id\":\"x\"}".getBytes()))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("not Avro single-object encoding");
        byte[] full = codec.encode(event());
        byte[] truncated = Arrays.copyOf(full, 14);
        assertThatThrownBy(() -> codec.decode(truncated))
                .isInstanceOf(InvalidPayloadException.class)
                .hasMessageContaining("undecodable");
        assertThatThrownBy(() -> codec.decode(new byte[0])).isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void aStringThatIsNotUtf8IsAnInvalidPayloadNotReplacementCharacters() {
        // the same length in bytes, so only the string's content changes: a lone continuation byte,
        // an overlong encoding of '/', and an encoded UTF-16 surrogate
        for (byte[] bad : List.of(new byte[] {'a', (byte) 0x80, 'c'}, new byte[] {(byte) 0xC0, (byte) 0xAF, 'c'},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
            for (String field : List.of("tenant", "doc-x", "metadata-value", "a body")) {
                byte[] payload = codec.encode(eventWithText(field, "abc"));
                replace(payload, "abc".getBytes(StandardCharsets.UTF_8), bad);
                assertThatThrownBy(() -> codec.decode(payload))
                        .isInstanceOf(InvalidPayloadException.class)
                        .hasMessageContaining("not valid UTF-8")
                        .extracting(e -> ((InvalidPayloadException) e).kind())
                        .isEqualTo(InvalidPayloadException.Kind.INVALID_UTF8);
            }
        }
        DocumentEvent replacementCharacter = eventWithText("a body", "\uFFFD is valid");
        assertThat(codec.decode(codec.encode(replacementCharacter))).isEqualTo(replacementCharacter);
    }

    private static DocumentEvent eventWithText(String where, String text) {
        return DocumentEvent.newBuilder(event())
                .setTenantId(where.equals("tenant") ? text : "acme")
                .setDocId(where.equals("doc-x") ? text : "doc-1")
                .setMetadata(Map.of("lang", where.equals("metadata-value") ? text : "en"))
                .setBody(where.equals("a body") ? text : "Body text.")
                .build();
    }

    /** Overwrites the one occurrence of {@code what} in {@code bytes}. */
    private static void replace(byte[] bytes, byte[] what, byte[] with) {
        for (int i = 0; i + what.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + what.length, what, 0, what.length)) {
                System.arraycopy(with, 0, bytes, i, with.length);
                return;
            }
        }
        throw new AssertionError("not in the payload");
    }

    @Test
    void resolvesAnOlderWriterSchemaToTheCurrentOne() throws Exception {
        Schema older = new Schema.Parser().parse("""
                {"type":"record","name":"DocumentEvent","namespace":"io.vectorline.schema","fields":[
                  {"name":"tenant_id","type":"string"},{"name":"doc_id","type":"string"},
                  {"name":"version","type":"long"},{"name":"body","type":"string"},
                  {"name":"event_time","type":{"type":"long","logicalType":"timestamp-millis"}}]}
                """);
        GenericRecord record = new GenericData.Record(older);
        record.put("tenant_id", "acme");
        record.put("doc_id", "old");
        record.put("version", 1L);
        record.put("body", "written by an older producer");
        record.put("event_time", 5L);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(record).array();

        SingleObjectCodec<DocumentEvent> evolving =
                new SingleObjectCodec<>(DocumentEvent.getClassSchema(), List.of(older));
        DocumentEvent decoded = evolving.decode(bytes);

        assertThat(decoded.getBody()).isEqualTo("written by an older producer");
        assertThat(decoded.getTitle()).isNull();
        assertThat(decoded.getMetadata()).isEmpty();
        assertThatThrownBy(() -> codec.decode(bytes)).isInstanceOf(InvalidPayloadException.class);
    }

    @Test
    void kafkaSerdesKeepTombstonesAndReportBadBytes() {
        try (var serializer = new SingleObjectSerializer.Events();
                var deserializer = new SingleObjectDeserializer.Events()) {
            assertThat(serializer.serialize("documents", null)).isNull();
            assertThat(deserializer.deserialize("documents", null)).isNull();
            assertThat(deserializer.deserialize("documents", serializer.serialize("documents", event())))
                    .isEqualTo(event());
            assertThatThrownBy(() -> deserializer.deserialize("documents", new byte[] {1, 2, 3}))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic documents");
        }
    }
}

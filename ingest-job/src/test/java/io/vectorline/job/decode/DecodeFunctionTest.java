package io.vectorline.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.job.deadletter.DeadLetterReason;
import io.vectorline.job.source.RawRecord;
import io.vectorline.model.RecordOrigin;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

class DecodeFunctionTest {
    private final DecodeFunction decode = new DecodeFunction(100, false);
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
        assertThat(change).isEqualTo(new NewVersion("t", "d", 7, null, "hello", Map.of("k", "v"), null, 99,
                Instant.ofEpochMilli(2), new RecordOrigin("documents", 0, 1)));
    }

    @Test
    void aNullValueIsADeletion() {
        assertThat(decode.decode(record(key("t", "d"), null)))
                .isEqualTo(new Deletion("t", "d", null, new RecordOrigin("documents", 0, 1)));
    }

    @Test
    void aReplayedDeletionDeletesOnlyUpToItsRecordsTimestamp() {
        DecodeFunction replay = new DecodeFunction(100, true);
        assertThat(replay.decode(record(key("t", "d"), null)))
                .isEqualTo(new Deletion("t", "d", Instant.ofEpochMilli(2), new RecordOrigin("documents", 0, 1)));
        assertThat(replay.decode(new RawRecord("documents", 0, 1, RawRecord.NO_TIMESTAMP, key("t", "d"), null)))
                .as("without a timestamp, as a live one").isEqualTo(new Deletion("t", "d", null,
                        new RecordOrigin("documents", 0, 1)));
    }

    @Test
    void refusesWhatCannotBeStoredRightWithItsReason() {
        assertRefused(record(null, value("t", "d", "x")), DeadLetterReason.MISSING_KEY, "no key");
        assertRefused(record(key("t", "d"), value("t", "other", "x")), DeadLetterReason.KEY_MISMATCH, "does not match");
        assertRefused(record(key(" ", "d"), null), DeadLetterReason.INVALID_ID, "tenant_id is blank");
        assertRefused(record(key("t", ""), null), DeadLetterReason.INVALID_ID, "doc_id is blank");
        assertRefused(record(key("t".repeat(257), "d"), null), DeadLetterReason.INVALID_ID, "over the limit of 256");
        assertRefused(record(key("t", "\u00e9".repeat(513)), null), DeadLetterReason.INVALID_ID,
                "1026 bytes in UTF-8, over the limit of 1024");
        assertRefused(record(key("t", "d\u0000"), null), DeadLetterReason.INVALID_ID, "control character U+0000");
        assertRefused(record(key("t\nx", "d"), null), DeadLetterReason.INVALID_ID, "control character U+000A");
        assertRefused(record(key("t", "d\u0085"), null), DeadLetterReason.INVALID_ID, "control character U+0085");
        assertRefused(record(key("t", "d"), value("t", "d", "x".repeat(101))), DeadLetterReason.BODY_TOO_LARGE,
                "over the limit of 100");
        assertRefused(record(key("t", "d"), value("t", "d", "a\u0000b")), DeadLetterReason.UNSTORABLE_TEXT,
                "body contains U+0000");
        assertRefused(record(key("t", "d"), withVersion(-1)), DeadLetterReason.INVALID_VERSION, "version is -1");
        assertRefused(record(key("t", "d"), withVersion(Long.MIN_VALUE)), DeadLetterReason.INVALID_VERSION,
                "versions start at 0");
        assertRefused(record(new byte[] {1}, null), DeadLetterReason.NOT_AVRO, "not Avro");
        assertRefused(record(key("t", "d"), new byte[0]), DeadLetterReason.NOT_AVRO, "empty payload");
    }

    @Test
    void acceptsTheEdgesOfTheContract() {
        String longestTenant = "t".repeat(DecodeFunction.MAX_TENANT_ID_BYTES);
        String longestDoc = "d".repeat(DecodeFunction.MAX_DOC_ID_BYTES);
        assertThat(decode.decode(record(key(longestTenant, longestDoc), null)).docId()).isEqualTo(longestDoc);
        assertThat(((NewVersion) decode.decode(record(key("t", "d"), withVersion(0)))).version()).isZero();
        assertThat(((NewVersion) decode.decode(record(key("t", "d"), withVersion(Long.MAX_VALUE)))).version())
                .isEqualTo(Long.MAX_VALUE);
        assertThat(((NewVersion) decode.decode(record(key("t", "d"), value("t", "d", "x".repeat(100))))).body())
                .hasSize(100);
    }

    private byte[] withVersion(long version) {
        return events.encode(DocumentEvent.newBuilder().setTenantId("t").setDocId("d").setVersion(version)
                .setBody("b").setEventTime(Instant.ofEpochMilli(99)).build());
    }

    /** Through the function as the job runs it: a dead letter on the side output, nothing downstream. */
    private void assertRefused(RawRecord record, DeadLetterReason reason, String sentence) {
        List<DeadLetter> letters = new ArrayList<>();
        List<DocumentChange> passed = new ArrayList<>();
        decode.processElement(record, new SideOutputs(letters), new ListCollector<>(passed));
        assertThat(passed).isEmpty();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.reason()).isEqualTo(reason);
            assertThat(letter.detail()).contains(sentence);
            assertThat(letter.stage()).isEqualTo(DecodeFunction.STAGE);
            assertThat(letter.source()).isSameAs(record);
        });
    }

    /** The one method of the context that decode uses. */
    private final class SideOutputs extends ProcessFunction<RawRecord, DocumentChange>.Context {
        private final List<DeadLetter> letters;

        SideOutputs(List<DeadLetter> letters) {
            decode.super();
            this.letters = letters;
        }

        @Override
        public Long timestamp() {
            return null;
        }

        @Override
        public TimerService timerService() {
            throw new UnsupportedOperationException();
        }

        @Override
        public <X> void output(OutputTag<X> outputTag, X value) {
            assertThat(outputTag).isEqualTo(DecodeFunction.DEAD_LETTERS);
            letters.add((DeadLetter) value);
        }
    }
}

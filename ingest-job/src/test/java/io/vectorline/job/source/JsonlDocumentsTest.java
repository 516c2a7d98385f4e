package io.vectorline.job.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonlDocumentsTest {
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    private static List<JsonlDocuments.Event> read(String text) throws Exception {
        return JsonlDocuments.read(new BufferedReader(new StringReader(text)), NOW);
    }

    @Test
    void readsEventsAndTombstones() throws Exception {
        List<JsonlDocuments.Event> events = read("""
                {"tenant_id":"acme","doc_id":"d1","version":3,"title":"T","body":"B","metadata":{"lang":"en","n":5},"event_time":"2026-01-01T00:00:00Z"}

                {"tenant_id":"acme","doc_id":"d2","version":1,"body":"only a body","event_time":1700000000000}
                {"tenant_id":"acme","doc_id":"d1","deleted":true}
                """);
        assertThat(events).hasSize(3);
        var first = events.get(0).value();
        assertThat(first.getVersion()).isEqualTo(3);
        assertThat(first.getMetadata()).isEqualTo(Map.of("lang", "en", "n", "5"));
        assertThat(first.getEventTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(first.getContentType()).isEqualTo("text/plain");
        assertThat(events.get(1).value().getTitle()).isNull();
        assertThat(events.get(1).value().getEventTime()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(events.get(2).value()).isNull();
        assertThat(events.get(2).key().getDocId()).isEqualTo("d1");
    }

    @Test
    void eventTimeDefaultsToNow() throws Exception {
        assertThat(read("{\"tenant_id\":\"a\",\"doc_id\":\"b\",\"version\":1,\"body\":\"x\"}").get(0).value()
                .getEventTime()).isEqualTo(NOW);
    }

    @Test
    void reportsEveryBadLineByNumber() {
        assertThatThrownBy(() -> read("""
                {"tenant_id":"a","doc_id":"ok","version":1,"body":"fine"}
                {"tenant_id":"","doc_id":"x","version":1,"body":"b"}
                {"tenant_id":"a","doc_id":"x","version":"one","body":"b"}
                not json
                {"tenant_id":"a","doc_id":"x","version":1}
                {"tenant_id":"a","doc_id":"x","version":1,"body":"b","event_time":"yesterday"}
                """))
                .isInstanceOf(JsonlDocuments.InvalidLinesException.class)
                .hasMessageContaining("line 2: 'tenant_id' must be a non-blank string")
                .hasMessageContaining("line 3: 'version' must be a whole number")
                .hasMessageContaining("line 4:")
                .hasMessageContaining("line 5: 'body' must be a string")
                .hasMessageContaining("line 6: 'event_time'")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("line 1:"));
    }
}

package io.vectorline.cli;

import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.InvalidPayloadException;
import io.vectorline.schema.SingleObjectCodec;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Dead letters counted by reason, stage and tenant, with the span of time they cover. */
final class DeadLetterSummary {
    /** The tenant of a letter whose key is missing or not a DocumentKey. */
    static final String UNKNOWN_TENANT = "(no valid key)";

    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    final Map<String, Long> byReason = new TreeMap<>();
    final Map<String, Long> byStage = new TreeMap<>();
    final Map<String, Long> byTenant = new TreeMap<>();
    long total;
    long leftOut;
    Instant first;
    Instant last;

    void add(ConsumerRecord<byte[], byte[]> letter) {
        total++;
        byReason.merge(header(letter, DeadLetter.CODE), 1L, Long::sum);
        byStage.merge(header(letter, DeadLetter.STAGE), 1L, Long::sum);
        byTenant.merge(tenant(letter.key()), 1L, Long::sum);
        if (letter.headers().lastHeader(DeadLetter.LEFT_OUT) != null) {
            leftOut++;
        }
        Instant at = Instant.ofEpochMilli(letter.timestamp());
        first = first == null || at.isBefore(first) ? at : first;
        last = last == null || at.isAfter(last) ? at : last;
    }

    private String tenant(byte[] key) {
        if (key == null) {
            return UNKNOWN_TENANT;
        }
        try {
            return keys.decode(key).getTenantId();
        } catch (InvalidPayloadException e) {
            return UNKNOWN_TENANT;
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> letter, String name) {
        Header header = letter.headers().lastHeader(name);
        return header == null ? "(none)" : new String(header.value(), StandardCharsets.UTF_8);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new TreeMap<>();
        json.put("total", total);
        json.put("left_out", leftOut);
        json.put("by_reason", byReason);
        json.put("by_stage", byStage);
        json.put("by_tenant", byTenant);
        json.put("first", first == null ? null : first.toString());
        json.put("last", last == null ? null : last.toString());
        return json;
    }

    void print(PrintWriter out, String topic) {
        out.printf("%d dead letters in %s%s%n", total, topic,
                total == 0 ? "" : " (" + first + " to " + last + "; " + leftOut + " without the original)");
        printCounts(out, "reason", byReason);
        printCounts(out, "stage", byStage);
        printCounts(out, "tenant", byTenant);
    }

    private static void printCounts(PrintWriter out, String title, Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return;
        }
        int width = Math.max(title.length(), counts.keySet().stream().mapToInt(String::length).max().orElse(0));
        out.printf("%n  %-" + width + "s  %8s%n", title, "letters");
        counts.forEach((name, count) -> out.printf("  %-" + width + "s  %8d%n", name, count));
    }
}

package io.vectorline.job.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads document events from JSON Lines, one object a line, in the field names of
 * {@code document_event.avsc}; {@code "deleted": true} makes a tombstone for the key. Every
 * line is checked before anything is sent, so a bad file sends nothing and says which lines
 * are wrong.
 */
public final class JsonlDocuments {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line's Kafka key and value; a {@code null} value is a tombstone. */
    public record Event(DocumentKey key, DocumentEvent value) {}

    /** Thrown with every bad line of a file. */
    public static final class InvalidLinesException extends Exception {
        InvalidLinesException(List<String> problems) {
            super(String.join(System.lineSeparator(), problems));
        }
    }

    private JsonlDocuments() {}

    public static List<Event> read(BufferedReader reader, Instant now) throws IOException, InvalidLinesException {
        List<Event> events = new ArrayList<>();
        check(reader, now, events::add);
        return events;
    }

    /** Checks every line as {@link #read} does, keeping none (a file may not fit in memory): the events' count. */
    public static long count(BufferedReader reader, Instant now) throws IOException, InvalidLinesException {
        long[] events = {0};
        check(reader, now, event -> events[0]++);
        return events[0];
    }

    private static void check(BufferedReader reader, Instant now, Consumer<Event> each)
            throws IOException, InvalidLinesException {
        List<String> problems = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                each.accept(parse(JSON.readTree(line), now));
            } catch (IOException | IllegalArgumentException e) {
                problems.add("line " + number + ": " + e.getMessage().lines().findFirst().orElse("invalid"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidLinesException(problems);
        }
    }

    static Event parse(JsonNode node, Instant now) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        DocumentKey key = DocumentKey.newBuilder()
                .setTenantId(requiredText(node, "tenant_id"))
                .setDocId(requiredText(node, "doc_id"))
                .build();
        if (node.path("deleted").asBoolean(false)) {
            return new Event(key, null);
        }
        JsonNode version = node.get("version");
        if (version == null || !version.canConvertToLong() || !version.isIntegralNumber()) {
            throw new IllegalArgumentException("'version' must be a whole number");
        }
        JsonNode body = node.get("body");
        if (body == null || !body.isTextual()) {
            throw new IllegalArgumentException("'body' must be a string");
        }
        return new Event(key, DocumentEvent.newBuilder()
                .setTenantId(key.getTenantId())
                .setDocId(key.getDocId())
                .setVersion(version.asLong())
                .setTitle(optionalText(node, "title"))
                .setBody(body.asText())
                .setContentType(node.hasNonNull("content_type") ? node.get("content_type").asText() : "text/plain")
                .setMetadata(metadata(node.get("metadata")))
                .setSourceUri(optionalText(node, "source_uri"))
                .setEventTime(eventTime(node.get("event_time"), now))
                .build());
    }

    /** One line, already checked (by {@link #read}); {@code now} is the event time of a line without one. */
    public static Event line(String text, Instant now) throws IOException {
        return parse(JSON.readTree(text), now);
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-blank string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return metadata;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("'metadata' must be an object of strings");
        }
        node.fields().forEachRemaining(field -> {
            if (!field.getValue().isValueNode()) {
                throw new IllegalArgumentException("metadata '" + field.getKey() + "' must be a plain value");
            }
            metadata.put(field.getKey(), field.getValue().asText());
        });
        return metadata;
    }

    private static Instant eventTime(JsonNode node, Instant now) {
        if (node == null || node.isNull()) {
            return now;
        }
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'event_time' must be epoch milliseconds or ISO-8601, got "
                    + node.asText());
        }
    }
}

package io.vectorline.job.deadletter;

import io.vectorline.job.source.RawRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A record the job could not process, with why and at which step.
 *
 * @param source the original record, byte for byte
 * @param stage where it failed: {@code decode}, or {@code store} when the database refused it
 * @param reason the reason's code, for counting and re-driving
 * @param detail a sentence a producer can act on (shortened to {@link #MAX_DETAIL_CHARS})
 */
public record DeadLetter(RawRecord source, String stage, DeadLetterReason reason, String detail) {
    public static final String CODE = "vectorline.error.code";
    public static final String REASON = "vectorline.error.reason";
    public static final String STAGE = "vectorline.error.stage";
    public static final String SOURCE_TOPIC = "vectorline.source.topic";
    public static final String SOURCE_PARTITION = "vectorline.source.partition";
    public static final String SOURCE_OFFSET = "vectorline.source.offset";
    /**
     * Present when the letter does not carry the original: {@code value} or {@code key,value} when it
     * was too large for the dead-letter topic (then its size and SHA-256 are in headers), or
     * {@code key,value} without them when it was no longer in its topic.
     */
    public static final String LEFT_OUT = "vectorline.left-out";
    public static final String SOURCE_KEY_BYTES = "vectorline.source.key.bytes";
    public static final String SOURCE_KEY_SHA256 = "vectorline.source.key.sha256";
    public static final String SOURCE_VALUE_BYTES = "vectorline.source.value.bytes";
    public static final String SOURCE_VALUE_SHA256 = "vectorline.source.value.sha256";
    /** A database error can quote a whole failing row; the letter keeps the start of it. */
    static final int MAX_DETAIL_CHARS = 4_000;
    /** Room for the record's framing in a batch, beyond key, value and headers. */
    private static final int RECORD_OVERHEAD_BYTES = 1_024;

    public DeadLetter {
        if (detail.length() > MAX_DETAIL_CHARS) {
            detail = detail.substring(0, MAX_DETAIL_CHARS) + "… (" + (detail.length() - MAX_DETAIL_CHARS)
                    + " more characters)";
        }
    }

    /**
     * The original key and value with the reason and origin in headers; if that would exceed
     * {@code maxRecordBytes}, the value (and if need be the key) is left out and its size and
     * SHA-256 stand in for it, so a letter can always be written.
     */
    ProducerRecord<byte[], byte[]> toProducerRecord(String topic, int maxRecordBytes) {
        List<Header> headers = new ArrayList<>(List.of(
                header(CODE, reason.code()),
                header(REASON, detail),
                header(STAGE, stage),
                header(SOURCE_TOPIC, source.topic()),
                header(SOURCE_PARTITION, Integer.toString(source.partition())),
                header(SOURCE_OFFSET, Long.toString(source.offset()))));
        byte[] key = source.key();
        byte[] value = source.value();
        List<String> leftOut = new ArrayList<>(2);
        if (value != null && size(key, value, headers) > maxRecordBytes) {
            value = null;
            leftOut.add("value");
            headers.add(header(SOURCE_VALUE_BYTES, Integer.toString(source.value().length)));
            headers.add(header(SOURCE_VALUE_SHA256, sha256(source.value())));
        }
        if (key != null && size(key, value, headers) > maxRecordBytes) {
            key = null;
            leftOut.add(0, "key");
            headers.add(header(SOURCE_KEY_BYTES, Integer.toString(source.key().length)));
            headers.add(header(SOURCE_KEY_SHA256, sha256(source.key())));
        }
        if (source.isGone()) {
            leftOut.add("key,value");
        }
        if (!leftOut.isEmpty()) {
            headers.add(header(LEFT_OUT, String.join(",", leftOut)));
        }
        Long timestamp = source.timestamp() == RawRecord.NO_TIMESTAMP ? null : source.timestamp();
        return new ProducerRecord<>(topic, null, timestamp, key, value, headers);
    }

    private static long size(byte[] key, byte[] value, List<Header> headers) {
        long size = RECORD_OVERHEAD_BYTES + length(key) + length(value);
        for (Header header : headers) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package io.vectorline.job;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A record the job could not process, with why and at which step.
 *
 * @param source the original record, byte for byte
 * @param stage where it failed: {@code decode}, or {@code store} when the database refused it
 * @param reason a sentence a producer can act on
 */
public record DeadLetter(RawRecord source, String stage, String reason) {
    static final String REASON = "vectorline.error.reason";
    static final String STAGE = "vectorline.error.stage";
    static final String SOURCE_TOPIC = "vectorline.source.topic";
    static final String SOURCE_PARTITION = "vectorline.source.partition";
    static final String SOURCE_OFFSET = "vectorline.source.offset";

    /** The original key and value, with the reason and origin in headers. */
    ProducerRecord<byte[], byte[]> toProducerRecord(String topic) {
        List<Header> headers = List.of(
                header(REASON, reason),
                header(STAGE, stage),
                header(SOURCE_TOPIC, source.topic()),
                header(SOURCE_PARTITION, Integer.toString(source.partition())),
                header(SOURCE_OFFSET, Long.toString(source.offset())));
        Long timestamp = source.timestamp() == RawRecord.NO_TIMESTAMP ? null : source.timestamp();
        return new ProducerRecord<>(topic, null, timestamp, source.key(), source.value(), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

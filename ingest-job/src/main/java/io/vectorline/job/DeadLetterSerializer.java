package io.vectorline.job;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Writes a dead letter as the original key and value, with the reason and origin in headers. */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    static final String REASON = "vectorline.error.reason";
    static final String STAGE = "vectorline.error.stage";
    static final String SOURCE_TOPIC = "vectorline.source.topic";
    static final String SOURCE_PARTITION = "vectorline.source.partition";
    static final String SOURCE_OFFSET = "vectorline.source.offset";

    private final String topic;

    DeadLetterSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        RawRecord source = letter.source();
        List<Header> headers = List.of(
                header(REASON, letter.reason()),
                header(STAGE, letter.stage()),
                header(SOURCE_TOPIC, source.topic()),
                header(SOURCE_PARTITION, Integer.toString(source.partition())),
                header(SOURCE_OFFSET, Long.toString(source.offset())));
        return new ProducerRecord<>(topic, null, source.timestamp(), source.key(), source.value(), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

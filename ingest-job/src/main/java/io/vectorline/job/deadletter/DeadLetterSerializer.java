package io.vectorline.job.deadletter;

import java.time.Duration;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a dead letter to the dead-letter topic as {@link DeadLetter#toProducerRecord} lays it
 * out, never larger than the topic takes, and logs it (one line per second at most).
 */
final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterSerializer.class);

    private final String topic;
    private final int maxRecordBytes;
    private transient ThrottledLog log;

    DeadLetterSerializer(String topic, int maxRecordBytes) {
        this.topic = topic;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        ProducerRecord<byte[], byte[]> record = letter.toProducerRecord(topic, maxRecordBytes);
        if (log == null) {
            log = new ThrottledLog(LOG, Duration.ofSeconds(1));
        }
        log.warn(() -> "dead letter: " + letter.source().origin() + " at " + letter.stage() + ", "
                + letter.reason().code() + ": " + letter.detail()
                + (record.headers().lastHeader(DeadLetter.LEFT_OUT) != null
                        ? " (too large for " + topic + ": written without the original, with its size and SHA-256)"
                        : ""));
        return record;
    }
}

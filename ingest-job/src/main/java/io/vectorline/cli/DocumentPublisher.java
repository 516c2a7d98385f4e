package io.vectorline.cli;

import io.vectorline.job.source.JsonlDocuments;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectSerializer;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes events with the schemas module's serializers, idempotently, waiting for every ack. */
final class DocumentPublisher {
    private DocumentPublisher() {}

    static void publish(String bootstrapServers, String topic, List<JsonlDocuments.Event> events)
            throws InterruptedException, ExecutionException {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<DocumentKey, DocumentEvent> producer = new KafkaProducer<>(
                props, new SingleObjectSerializer.Keys(), new SingleObjectSerializer.Events())) {
            List<Future<RecordMetadata>> acks = events.stream()
                    .map(e -> producer.send(new ProducerRecord<>(topic, e.key(), e.value())))
                    .toList();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }
}

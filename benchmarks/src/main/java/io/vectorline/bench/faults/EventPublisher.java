package io.vectorline.bench.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes corpus records as a producer keeping the contract does: idempotent, {@code acks=all},
 * one document's records in order, every acknowledgement checked.
 */
final class EventPublisher {
    /** Room for the 3 MB poison with a wide margin; the job sizes its dead-letter topic from this. */
    static final int MAX_MESSAGE_BYTES = 8 << 20;

    /** Where a poison record landed: its dead letter names these coordinates. */
    record Published(CorpusRecord.Kind kind, int partition, long offset) {}

    private final String bootstrapServers;
    private final String topic;

    EventPublisher(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** The documents topic, before the job starts: the job sizes the dead-letter topic it creates from this one. */
    void createTopic(int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())
                    .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)))))
                    .all().get();
        }
    }

    /** The documents topic and the dead-letter topic the job created beside it. */
    void deleteTopics() throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            List<String> existing = new ArrayList<>(admin.listTopics().names().get());
            existing.retainAll(List.of(topic, deadLetterTopic()));
            admin.deleteTopics(existing).all().get();
        }
    }

    /** The job's default, {@code --dead-letter-topic} left out. */
    String deadLetterTopic() {
        return topic + ".dead-letter";
    }

    /** Publishes {@code records} in order and waits for every acknowledgement; returns where the poison went. */
    List<Published> publish(List<CorpusRecord> records) throws InterruptedException, ExecutionException {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_MESSAGE_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 4L * MAX_MESSAGE_BYTES),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
            for (CorpusRecord record : records) {
                acks.add(producer.send(new ProducerRecord<>(topic, record.key(), record.value())));
            }
            List<Published> poison = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata ack = acks.get(i).get();
                if (records.get(i).kind().poison()) {
                    poison.add(new Published(records.get(i).kind(), ack.partition(), ack.offset()));
                }
            }
            return poison;
        }
    }

    private Admin admin() {
        return Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrapServers));
    }
}

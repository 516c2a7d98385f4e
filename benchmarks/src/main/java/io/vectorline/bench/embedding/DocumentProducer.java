package io.vectorline.bench.embedding;

import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectSerializer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** Publishes generated documents as a producer would: the schemas module's Avro serializers, every ack awaited. */
public final class DocumentProducer {
    private final String bootstrapServers;

    public DocumentProducer(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    public void createTopic(String topic, int partitions) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty()))).all().get();
        }
    }

    public void deleteTopics(List<String> topics) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            List<String> existing = new ArrayList<>(admin.listTopics().names().get());
            existing.retainAll(topics);
            admin.deleteTopics(existing).all().get();
        }
    }

    public void publish(String topic, List<Document> documents, long version) throws InterruptedException, ExecutionException {
        Instant now = Instant.now();
        try (Open producer = open(topic)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>(documents.size());
            for (Document document : documents) {
                acks.add(producer.send(document, version, now));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    /** A producer kept open, for documents sent one at a time. */
    public Open open(String topic) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new Open(topic, new KafkaProducer<>(props, new SingleObjectSerializer.Keys(),
                new SingleObjectSerializer.Events()));
    }

    /** One topic's producer; the record's timestamp is the time it is sent. */
    public static final class Open implements AutoCloseable {
        private final String topic;
        private final KafkaProducer<DocumentKey, DocumentEvent> producer;

        private Open(String topic, KafkaProducer<DocumentKey, DocumentEvent> producer) {
            this.topic = topic;
            this.producer = producer;
        }

        public Future<RecordMetadata> send(Document document, long version, Instant eventTime) {
            return producer.send(new ProducerRecord<>(topic, key(document), event(document, version, eventTime)));
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private static DocumentKey key(Document document) {
        return DocumentKey.newBuilder().setTenantId(document.tenantId()).setDocId(document.docId()).build();
    }

    private static DocumentEvent event(Document document, long version, Instant now) {
        return DocumentEvent.newBuilder()
                .setTenantId(document.tenantId())
                .setDocId(document.docId())
                .setVersion(version)
                .setTitle(document.title())
                .setBody(document.body())
                .setContentType("text/plain")
                .setMetadata(Map.of())
                .setSourceUri(null)
                .setEventTime(now)
                .build();
    }

    private Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", bootstrapServers));
    }
}

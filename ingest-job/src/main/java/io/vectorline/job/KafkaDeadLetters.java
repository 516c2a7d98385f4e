package io.vectorline.job;

import io.vectorline.sink.RecordOrigin;
import io.vectorline.sink.flink.RefusedDocuments;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends documents the database refuses to the dead-letter topic, laid out as the decode step's
 * dead letters: each record that went into the refused document, byte for byte, read back from
 * the documents topic, with stage {@code store} and the database's reason.
 */
final class KafkaDeadLetters implements RefusedDocuments {
    private static final long serialVersionUID = 1L;
    static final String STAGE = "store";
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final String deadLetterTopic;

    KafkaDeadLetters(String bootstrapServers, String deadLetterTopic) {
        this.bootstrapServers = bootstrapServers;
        this.deadLetterTopic = deadLetterTopic;
    }

    @Override
    public Channel open() {
        return new KafkaChannel(bootstrapServers, deadLetterTopic);
    }

    /** Opens its Kafka clients on the first refusal: most writers never need them. */
    private static final class KafkaChannel implements Channel {
        private final String bootstrapServers;
        private final String deadLetterTopic;
        private KafkaProducer<byte[], byte[]> producer;
        private SourceRecordReader sources;

        KafkaChannel(String bootstrapServers, String deadLetterTopic) {
            this.bootstrapServers = bootstrapServers;
            this.deadLetterTopic = deadLetterTopic;
        }

        @Override
        public void send(Refusal refusal) throws IOException {
            if (refusal.origins().isEmpty()) {
                throw new IOException("the database refused " + refusal.document() + " but no source record"
                        + " is known to dead-letter: " + refusal.reason());
            }
            if (producer == null) {
                SourceRecordReader reader = new SourceRecordReader(bootstrapServers, READ_BACK_TIMEOUT);
                try {
                    producer = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                            ProducerConfig.ACKS_CONFIG, "all",
                            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                            new ByteArraySerializer(), new ByteArraySerializer());
                } catch (RuntimeException e) {
                    reader.close();
                    throw e;
                }
                sources = reader;
            }
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (RecordOrigin origin : refusal.origins()) {
                sent.add(producer.send(letter(origin, refusal.reason()).toProducerRecord(deadLetterTopic)));
            }
            producer.flush();
            for (Future<RecordMetadata> acknowledged : sent) {
                awaitAcknowledged(acknowledged);
            }
        }

        /** The original record; if it is gone, its coordinates alone, so the refusal is still recorded. */
        private DeadLetter letter(RecordOrigin origin, String reason) throws IOException {
            return sources.read(origin)
                    .map(record -> new DeadLetter(record, STAGE, reason))
                    .orElseGet(() -> new DeadLetter(new RawRecord(origin.topic(), origin.partition(), origin.offset(),
                            RawRecord.NO_TIMESTAMP, null, null), STAGE,
                            reason + " (the record itself is no longer in the topic)"));
        }

        @Override
        public void close() {
            if (producer != null) {
                try (SourceRecordReader reader = sources) {
                    producer.close();
                }
            }
        }
    }

    private static void awaitAcknowledged(Future<RecordMetadata> sent) throws IOException {
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw new IOException("could not write a dead letter: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a dead letter", e);
        }
    }
}

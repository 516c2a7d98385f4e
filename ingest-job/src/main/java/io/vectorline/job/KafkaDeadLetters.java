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
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
        SourceRecordReader sources = new SourceRecordReader(bootstrapServers, READ_BACK_TIMEOUT);
        return new Channel() {
            @Override
            public void send(Refusal refusal) throws IOException {
                if (refusal.origins().isEmpty()) {
                    throw new IOException("the database refused " + refusal.document() + " but no source record"
                            + " is known to dead-letter: " + refusal.reason());
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (RecordOrigin origin : refusal.origins()) {
                    DeadLetter letter = new DeadLetter(sources.read(origin), STAGE, refusal.reason());
                    sent.add(producer.send(letter.toProducerRecord(deadLetterTopic)));
                }
                producer.flush();
                for (Future<RecordMetadata> acknowledged : sent) {
                    awaitAcknowledged(acknowledged);
                }
            }

            @Override
            public void close() {
                try (sources) {
                    producer.close();
                }
            }
        };
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

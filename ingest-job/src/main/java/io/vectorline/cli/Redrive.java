package io.vectorline.cli;

import io.vectorline.job.deadletter.DeadLetter;
import io.vectorline.job.deadletter.DeadLetterTopic;
import io.vectorline.job.source.RawRecord;
import io.vectorline.job.source.SourceRecordReader;
import io.vectorline.model.RecordOrigin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes the originals of chosen dead letters to their topic again, once: each redrive is
 * logged, keyed by the letter's place, in a compacted topic beside the dead-letter topic, in the
 * same Kafka transaction as the re-published record, so running the same redrive again (or after
 * a crash) publishes nothing twice. A letter written without its original is redriven only from
 * the original still at its coordinates, checked against the size and SHA-256 the letter keeps.
 */
final class Redrive {
    /** On each re-published record: the dead letter it came from, {@code topic/partition@offset}. */
    static final String REDRIVEN_FROM = "vectorline.redriven-from";
    private static final Duration READ_BACK_TIMEOUT = Duration.ofSeconds(30);

    /** What a redrive did: letters re-published, skipped as done before, and refused with why. */
    record Outcome(int redriven, int alreadyRedriven, List<String> refused) {}

    private final String bootstrapServers;
    private final String deadLetterTopic;
    private final String toTopic;

    /** {@code toTopic} null: each letter's own source topic. */
    Redrive(String bootstrapServers, String deadLetterTopic, String toTopic) {
        this.bootstrapServers = bootstrapServers;
        this.deadLetterTopic = deadLetterTopic;
        this.toTopic = toTopic;
    }

    static String logTopic(String deadLetterTopic) {
        return deadLetterTopic + ".redriven";
    }

    Outcome run(Predicate<ConsumerRecord<byte[], byte[]>> chosen, boolean dryRun)
            throws IOException, ExecutionException, InterruptedException {
        String log = logTopic(deadLetterTopic);
        createLogTopic(log);
        Set<String> done = new HashSet<>();
        DeadLetterReader.readAll(bootstrapServers, log, entry -> done.add(new String(entry.key(), StandardCharsets.UTF_8)));
        List<ConsumerRecord<byte[], byte[]>> letters = new ArrayList<>();
        DeadLetterReader.readAll(bootstrapServers, deadLetterTopic, letter -> {
            if (chosen.test(letter)) {
                letters.add(letter);
            }
        });

        int already = 0;
        List<String> refused = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> toSend = new ArrayList<>();
        try (SourceRecordReader sources = new SourceRecordReader(bootstrapServers, READ_BACK_TIMEOUT)) {
            for (ConsumerRecord<byte[], byte[]> letter : letters) {
                String place = place(letter);
                if (done.contains(place)) {
                    already++;
                    continue;
                }
                if (toTopic == null && !origin(letter).inKafka()) {
                    refused.add(place + ": a backfill read it from " + origin(letter).topic() + ", not from a Kafka"
                            + " topic; redrive it with --to-topic");
                    continue;
                }
                Optional<RawRecord> original = original(letter, sources);
                if (original.isEmpty()) {
                    refused.add(place + ": the letter does not carry the original, and "
                            + origin(letter) + " no longer holds it");
                    continue;
                }
                String topic = toTopic != null ? toTopic : origin(letter).topic();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, original.get().key(),
                        original.get().value());
                record.headers().add(new RecordHeader(REDRIVEN_FROM, place.getBytes(StandardCharsets.UTF_8)));
                toSend.add(record);
                toSend.add(new ProducerRecord<>(log, place.getBytes(StandardCharsets.UTF_8),
                        (topic + " " + Instant.now()).getBytes(StandardCharsets.UTF_8)));
            }
        }
        if (!dryRun && !toSend.isEmpty()) {
            send(toSend);
        }
        return new Outcome(toSend.size() / 2, already, refused);
    }

    /** One transaction for all: a redrive lands whole or not at all. */
    private void send(List<ProducerRecord<byte[], byte[]>> records) throws ExecutionException, InterruptedException {
        int largest = records.stream().mapToInt(r -> length(r.key()) + length(r.value())).max().orElse(0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // one redrive at a time per dead-letter topic: a second one fences the first
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "vectorline-redrive-" + deadLetterTopic,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, largest + DeadLetterTopic.HEADROOM_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 2L * largest)),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
            }
            producer.commitTransaction();
        }
    }

    /** The letter's key and value, or, for a letter without them, the same bytes read back from their topic. */
    private static Optional<RawRecord> original(ConsumerRecord<byte[], byte[]> letter, SourceRecordReader sources)
            throws IOException {
        RecordOrigin origin = origin(letter);
        if (letter.headers().lastHeader(DeadLetter.LEFT_OUT) == null) {
            return Optional.of(new RawRecord(origin.topic(), origin.partition(), origin.offset(), letter.timestamp(),
                    letter.key(), letter.value()));
        }
        return sources.read(origin).filter(record -> matches(letter, DeadLetter.SOURCE_KEY_SHA256, record.key())
                && matches(letter, DeadLetter.SOURCE_VALUE_SHA256, record.value()));
    }

    /** A letter that kept a hash of the original's part must find the same part at its coordinates. */
    private static boolean matches(ConsumerRecord<byte[], byte[]> letter, String hashHeader, byte[] part) {
        var kept = letter.headers().lastHeader(hashHeader);
        return kept == null || part != null
                && DeadLetter.sha256(part).equals(new String(kept.value(), StandardCharsets.UTF_8));
    }

    static RecordOrigin origin(ConsumerRecord<byte[], byte[]> letter) {
        return new RecordOrigin(DeadLetterSummary.header(letter, DeadLetter.SOURCE_TOPIC),
                Integer.parseInt(DeadLetterSummary.header(letter, DeadLetter.SOURCE_PARTITION)),
                Long.parseLong(DeadLetterSummary.header(letter, DeadLetter.SOURCE_OFFSET)));
    }

    private static String place(ConsumerRecord<byte[], byte[]> letter) {
        return letter.topic() + "/" + letter.partition() + "@" + letter.offset();
    }

    private void createLogTopic(String log) throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(log, Optional.of(1), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static int length(byte[] bytes) {
        return bytes == null ? 0 : bytes.length;
    }
}

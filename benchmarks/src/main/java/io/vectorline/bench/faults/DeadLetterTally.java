package io.vectorline.bench.faults;

import io.vectorline.job.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a dead-letter topic as its consumers should, committed transactions only, from the start,
 * and matches each letter to the poison record it names by source partition and offset.
 */
final class DeadLetterTally implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(500);
    private static final int EXAMPLES = 5;

    record Outcome(int expected, int letters, int exactlyOnce, int missing, int duplicated, int wrongCode,
            int unexpected, List<String> problems) {
        boolean passes() {
            return exactlyOnce == expected && letters == expected && unexpected == 0;
        }
    }

    private record Letter(String sourceTopic, int partition, long offset, String code) {}

    private record Source(int partition, long offset) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String sourceTopic;
    private final List<Letter> letters = new ArrayList<>();

    DeadLetterTally(String bootstrapServers, String deadLetterTopic, String sourceTopic) {
        this.sourceTopic = sourceTopic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 2 * EventPublisher.MAX_MESSAGE_BYTES,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 4 * EventPublisher.MAX_MESSAGE_BYTES),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic).stream()
                .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Reads until a letter has arrived for every poison record, or {@code timeout}; then for
     * {@code settle} more, so that a duplicate committed later shows too.
     */
    Outcome await(List<EventPublisher.Published> poison, Duration timeout, Duration settle) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && match(poison).missing() > 0) {
            poll();
        }
        long settled = System.nanoTime() + settle.toNanos();
        while (System.nanoTime() < settled) {
            poll();
        }
        return match(poison);
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> letter : consumer.poll(POLL)) {
            String partition = header(letter, DeadLetter.SOURCE_PARTITION);
            String offset = header(letter, DeadLetter.SOURCE_OFFSET);
            letters.add(new Letter(header(letter, DeadLetter.SOURCE_TOPIC),
                    partition == null ? -1 : Integer.parseInt(partition), offset == null ? -1 : Long.parseLong(offset),
                    header(letter, DeadLetter.CODE)));
        }
    }

    private Outcome match(List<EventPublisher.Published> poison) {
        Map<Source, List<Letter>> bySource = new HashMap<>();
        List<String> problems = new ArrayList<>();
        int unexpected = 0;
        Map<Source, EventPublisher.Published> expected = new HashMap<>();
        poison.forEach(p -> expected.put(new Source(p.partition(), p.offset()), p));
        for (Letter letter : letters) {
            Source source = new Source(letter.partition(), letter.offset());
            if (!sourceTopic.equals(letter.sourceTopic()) || !expected.containsKey(source)) {
                unexpected++;
                problem(problems, "a letter for " + letter.sourceTopic() + " partition " + letter.partition()
                        + " offset " + letter.offset() + " (" + letter.code() + "), which is no poison record");
                continue;
            }
            bySource.computeIfAbsent(source, s -> new ArrayList<>()).add(letter);
        }
        int once = 0;
        int missing = 0;
        int duplicated = 0;
        int wrongCode = 0;
        for (Map.Entry<Source, EventPublisher.Published> e : expected.entrySet()) {
            List<Letter> got = bySource.getOrDefault(e.getKey(), List.of());
            EventPublisher.Published p = e.getValue();
            String where = p.kind().name().toLowerCase() + " at partition " + p.partition() + " offset " + p.offset();
            long rightCode = got.stream().filter(l -> p.kind().deadLetterCode.equals(l.code())).count();
            if (got.isEmpty()) {
                missing++;
                problem(problems, "no letter for " + where);
            } else if (got.size() > 1) {
                duplicated++;
                problem(problems, got.size() + " letters for " + where);
            }
            if (got.size() != rightCode) {
                wrongCode++;
                problem(problems, "code " + got.stream().map(Letter::code).toList() + " for " + where + ", expected "
                        + p.kind().deadLetterCode);
            } else if (got.size() == 1) {
                once++;
            }
        }
        return new Outcome(poison.size(), letters.size(), once, missing, duplicated, wrongCode, unexpected,
                List.copyOf(problems));
    }

    private static void problem(List<String> problems, String problem) {
        if (problems.size() < EXAMPLES) {
            problems.add(problem);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

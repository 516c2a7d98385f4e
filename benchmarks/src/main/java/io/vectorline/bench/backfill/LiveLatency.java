package io.vectorline.bench.backfill;

import io.vectorline.bench.embedding.CorpusGenerator;
import io.vectorline.bench.embedding.Document;
import io.vectorline.bench.embedding.DocumentProducer;
import io.vectorline.store.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Live traffic as the benchmark sees it: new documents of one tenant published at a steady rate,
 * and the store polled every 50 ms for them. A document's latency is from its Kafka timestamp (the
 * time it was sent) to the first poll that sees it committed.
 */
final class LiveLatency implements AutoCloseable {
    static final String TENANT = "live";
    private static final long POLL_MILLIS = 50;

    /** One live document: when it was sent and how long until it was seen stored. */
    record Sample(Instant sent, double millis) {}

    /** Latency percentiles of the samples sent within a window. */
    record Percentiles(int count, double p50, double p99, double max) {
        static Percentiles of(List<Sample> samples) {
            double[] millis = samples.stream().mapToDouble(Sample::millis).sorted().toArray();
            if (millis.length == 0) {
                throw new IllegalStateException("no live document was sent and stored in the window");
            }
            return new Percentiles(millis.length, at(millis, 0.50), at(millis, 0.99), millis[millis.length - 1]);
        }

        private static double at(double[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
        }

        @Override
        public String toString() {
            return String.format("%d documents, p50 %.0f ms, p99 %.0f ms, max %.0f ms", count, p50, p99, max);
        }
    }

    private final DocumentProducer.Open producer;
    private final CorpusGenerator corpus = new CorpusGenerator(7, 1);
    private final Connection connection;
    private final PreparedStatement poll;
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2);
    private final Set<String> seen = new HashSet<>();
    private final List<Sample> samples = new ArrayList<>();
    private int sent;

    LiveLatency(DocumentProducer producer, String topic, String jdbcUrl, double documentsPerSecond) throws SQLException {
        this.producer = producer.open(topic);
        this.connection = PgConnections.open(jdbcUrl);
        this.poll = connection.prepareStatement("SELECT doc_id, recorded_at FROM documents WHERE tenant_id = ?");
        poll.setString(1, TENANT);
        threads.scheduleAtFixedRate(this::send, 0, Math.round(1_000_000 / documentsPerSecond), TimeUnit.MICROSECONDS);
        threads.scheduleWithFixedDelay(this::poll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void send() {
        Document body = corpus.document(sent++);
        producer.send(new Document(TENANT, body.docId(), body.index(), body.title(), body.paragraphs()), 1,
                Instant.now());
    }

    private void poll() {
        try (ResultSet rs = poll.executeQuery()) {
            Instant now = Instant.now();
            while (rs.next()) {
                if (seen.add(rs.getString(1))) {
                    Instant sentAt = rs.getTimestamp(2).toInstant();
                    synchronized (samples) {
                        samples.add(new Sample(sentAt, Duration.between(sentAt, now).toNanos() / 1e6));
                    }
                }
            }
        } catch (SQLException e) {
            // the job creates the tables when it starts
        }
    }

    /** Blocks until at least one live document is stored: the live job is up. */
    void awaitFirst(Runnable whileWaiting) throws InterruptedException {
        while (true) {
            synchronized (samples) {
                if (!samples.isEmpty()) {
                    return;
                }
            }
            whileWaiting.run();
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The samples of the documents sent in {@code [from, to)}. */
    Percentiles between(Instant from, Instant to) {
        synchronized (samples) {
            return Percentiles.of(samples.stream().filter(s -> !s.sent().isBefore(from) && s.sent().isBefore(to))
                    .toList());
        }
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        producer.close();
        connection.close();
    }
}

package io.vectorline.bench.backfill;

import io.vectorline.store.jdbc.PgConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The store's document count, polled every 200 ms until closed: how fast documents landed, seen from outside. */
final class StoredCount implements AutoCloseable {
    private record Sample(long nanos, long documents) {}

    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
    private final Connection connection;

    StoredCount(String jdbcUrl) throws SQLException {
        connection = PgConnections.open(jdbcUrl);
        poller.scheduleAtFixedRate(this::sample, 0, 200, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM documents")) {
            rs.next();
            long documents = rs.getLong(1);
            synchronized (samples) {
                samples.add(new Sample(System.nanoTime(), documents));
            }
        } catch (SQLException e) {
            // the backfill creates the tables when it starts
        }
    }

    /** Documents per second between the first samples at or above {@code from} and {@code to} documents. */
    double rateBetween(double from, double to) {
        synchronized (samples) {
            Sample first = samples.stream().filter(s -> s.documents() >= from).findFirst().orElseThrow();
            Sample last = samples.stream().filter(s -> s.documents() >= to).findFirst().orElseThrow();
            return (last.documents() - first.documents()) / ((last.nanos() - first.nanos()) / 1e9);
        }
    }

    @Override
    public void close() throws SQLException, InterruptedException {
        poller.shutdownNow();
        poller.awaitTermination(10, TimeUnit.SECONDS);
        connection.close();
    }
}

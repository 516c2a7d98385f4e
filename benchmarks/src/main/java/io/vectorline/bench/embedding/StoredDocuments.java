package io.vectorline.bench.embedding;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Watches the documents table until every document is stored at a version. */
final class StoredDocuments implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    /**
     * When documents of a version were first seen and when all were, in {@link System#nanoTime()},
     * and how many documents and chunks were already stored at the first sighting.
     */
    record Landed(long firstNanos, long firstDocuments, long firstChunks, long doneNanos) {}

    private final Connection connection;
    private final PreparedStatement atVersion;

    StoredDocuments(String jdbcUrl) throws SQLException {
        this.connection = DriverManager.getConnection(jdbcUrl);
        this.atVersion = connection.prepareStatement(
                "SELECT count(*), coalesce(sum(chunk_count), 0) FROM documents WHERE version = ?");
    }

    Landed await(long version, int documents, IngestChild child, Duration timeout)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long first = -1;
        long firstDocuments = 0;
        long firstChunks = 0;
        atVersion.setLong(1, version);
        while (true) {
            long now = System.nanoTime();
            long stored;
            long chunks;
            try (ResultSet rs = atVersion.executeQuery()) {
                rs.next();
                stored = rs.getLong(1);
                chunks = rs.getLong(2);
            }
            if (stored > 0 && first < 0) {
                first = now;
                firstDocuments = stored;
                firstChunks = chunks;
            }
            if (stored >= documents) {
                return new Landed(first, firstDocuments, firstChunks, now);
            }
            child.requireAlive();
            if (now > deadline) {
                throw new IllegalStateException(stored + " of " + documents + " documents at version " + version
                        + " after " + timeout + "; end of the job's log:\n" + child.logTail(20));
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    long storedChunks() throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM chunks");
                ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}

package io.vectorline.store;

import io.vectorline.store.jdbc.ConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of an index build on a distributed {@code chunks}: Citus builds the shards' indexes
 * one after another inside one statement, so a second connection counts the shards whose index
 * is already valid, every few seconds, and reports each change.
 */
final class ShardIndexProgress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShardIndexProgress.class);
    private static final long POLL_SECONDS = 2;
    /** Citus names a shard's index after the index and the shard: {@code <index>_<shardid>}. */
    private static final String VALID_SHARD_INDEXES = """
            SELECT count(*) FILTER (WHERE success AND result = 't'), count(*)
            FROM run_command_on_shards('chunks', format($c$SELECT EXISTS (SELECT 1 FROM pg_index
                WHERE indrelid = '%%s'::regclass AND indisvalid
                  AND starts_with(indexrelid::regclass::text, %L))$c$, ? || '_'))""";

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "shard-index-progress");
        thread.setDaemon(true);
        return thread;
    });
    private final Connection connection;
    private int lastReported = -1;

    private ShardIndexProgress(Connection connection) {
        this.connection = connection;
    }

    /** Starts reporting the shards that hold a valid {@code index}, until closed. */
    static ShardIndexProgress watch(ConnectionFactory connections, String index, Consumer<VectorIndexes.Progress> progress)
            throws SQLException {
        ShardIndexProgress watcher = new ShardIndexProgress(connections.open());
        watcher.poller.scheduleWithFixedDelay(() -> watcher.report(index, progress), 0, POLL_SECONDS,
                TimeUnit.SECONDS);
        return watcher;
    }

    /** Reports the count when it changed; runs on the poller's one thread. */
    private void report(String index, Consumer<VectorIndexes.Progress> progress) {
        try {
            VectorIndexes.Progress now = count(connection, index);
            if (now.built() != lastReported) {
                lastReported = now.built();
                progress.accept(now);
            }
        } catch (SQLException e) {
            LOG.warn("cannot read the progress of {} on the shards: {}", index, e.getMessage());
        }
    }

    static VectorIndexes.Progress count(Connection connection, String index) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(VALID_SHARD_INDEXES)) {
            statement.setString(1, index);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return new VectorIndexes.Progress(index, rs.getInt(1), rs.getInt(2), "shards");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        poller.shutdownNow();
        try {
            poller.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connection.close();
        }
    }
}

package io.vectorline.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs work in transactions on one connection, waiting out transient failures
 * ({@link TransientRetry}) on a new connection: each attempt runs the whole work again and commits
 * it, so a retry lands all of it or nothing. Any other failure rolls back and stands.
 */
public final class RetryingTransactions implements AutoCloseable {
    /** Work done in one transaction; not committed by it. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final ConnectionFactory connections;
    private final TransientRetry retry;
    private final List<String> onConnect;
    private Connection connection;

    /** {@code onConnect}: statements each new connection runs once, committed. */
    public RetryingTransactions(ConnectionFactory connections, RetryPolicy policy, List<String> onConnect) {
        this.connections = connections;
        this.retry = new TransientRetry(policy);
        this.onConnect = List.copyOf(onConnect);
    }

    /** Runs {@code work} in one transaction and commits it; {@code what} names it in logs and errors. */
    public <T> T run(String what, Work<T> work) throws SQLException {
        try {
            return retry.run(what, () -> {
                Connection current = connection();
                T result = work.run(current);
                current.commit();
                return result;
            }, (failure, kind) -> {
                if (kind == SqlFailure.TRANSIENT) {
                    dropConnectionKeeping(failure);
                } else {
                    rollbackKeeping(failure);
                }
            });
        } catch (RuntimeException e) {
            rollbackKeeping(e);
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection opened = connections.open();
            try {
                opened.setAutoCommit(false);
                try (Statement statement = opened.createStatement()) {
                    for (String sql : onConnect) {
                        statement.execute(sql);
                    }
                }
                opened.commit();
            } catch (SQLException e) {
                opened.close();
                throw e;
            }
            connection = opened;
        }
        return connection;
    }

    private void rollbackKeeping(Exception failure) {
        try {
            if (connection != null) {
                connection.rollback();
            }
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
            dropConnectionKeeping(failure);
        }
    }

    /** Drops a connection that may be broken; the next attempt opens a new one. */
    private void dropConnectionKeeping(Exception failure) {
        try {
            close();
        } catch (SQLException closeFailure) {
            failure.addSuppressed(closeFailure);
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection != null) {
            try {
                connection.close();
            } finally {
                connection = null;
            }
        }
    }
}

package io.vectorline.store.jdbc;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to the store; called again after a connection is lost. */
@FunctionalInterface
public interface ConnectionFactory extends Serializable {
    Connection open() throws SQLException;

    /** Connections to {@code jdbcUrl}, credentials included. */
    static ConnectionFactory of(String jdbcUrl) {
        return () -> PgConnections.open(jdbcUrl);
    }
}

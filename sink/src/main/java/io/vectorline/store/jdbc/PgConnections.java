package io.vectorline.store.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens PostgreSQL connections from the driver itself. {@code DriverManager} finds drivers only
 * in the class loaders it saw register, which a Flink task redeployed with a fresh user-code class
 * loader is not: there it answers "No suitable driver".
 */
public final class PgConnections {
    private static final Driver DRIVER = new org.postgresql.Driver();

    private PgConnections() {}

    public static Connection open(String jdbcUrl) throws SQLException {
        Connection connection = DRIVER.connect(jdbcUrl, new Properties());
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + redact(jdbcUrl));
        }
        return connection;
    }

    /** The URL with any password masked, for messages and logs. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}

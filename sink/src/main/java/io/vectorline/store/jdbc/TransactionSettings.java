package io.vectorline.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings for the current transaction only, as {@code SET LOCAL} statements that work on one node
 * and on a Citus coordinator alike. Citus sends a transaction's {@code SET LOCAL} commands to the
 * workers taking part in it, but only while {@code citus.propagate_set_commands} is
 * {@code 'local'} (its default is {@code 'none'}) and only for the {@code SET LOCAL} statement:
 * {@code set_config(..., true)} and a plain {@code SET} stay on the coordinator, so row-level
 * security and pgvector settings on the shards would not see them. Hence the first statement
 * turns propagation on; on PostgreSQL without Citus it only defines an unused placeholder setting.
 * Must run inside a transaction (auto-commit off): outside one, {@code SET LOCAL} has no effect.
 */
public final class TransactionSettings {
    public static final String PROPAGATE = "SET LOCAL citus.propagate_set_commands = 'local'";

    private TransactionSettings() {}

    /** The statements that set {@code settings} (name to value) for the current transaction, in order. */
    public static List<String> statements(Map<String, String> settings) {
        List<String> statements = new ArrayList<>(settings.size() + 1);
        statements.add(PROPAGATE);
        settings.forEach((name, value) -> statements.add("SET LOCAL " + settingName(name) + " = " + SqlLiteral.of(value)));
        return statements;
    }

    /** Runs {@link #statements} on the connection, in one round trip. */
    public static void apply(Connection connection, Map<String, String> settings) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("SET LOCAL needs a transaction: turn auto-commit off first");
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(settings)) {
                statement.addBatch(sql);
            }
            statement.executeBatch();
        }
    }

    /** A setting name: {@code word} or {@code prefix.word}, letters, digits and underscores only. */
    static String settingName(String name) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
            throw new IllegalArgumentException("not a setting name: " + name);
        }
        return name;
    }
}

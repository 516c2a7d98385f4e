package io.vectorline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Which {@link StoreLayout} to use: detected from the database (the default) or forced. */
public enum LayoutChoice {
    /** {@link StoreLayout#CITUS} where the {@code citus} extension is installed, else one node. */
    DETECT,
    ONE_NODE,
    CITUS;

    /**
     * Reads a configuration value: {@code detect}, {@code one-node} (or {@code one_node}) or
     * {@code citus}, in any case.
     */
    public static LayoutChoice parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("layout must be one of detect, one-node, citus; got nothing");
        }
        String normalised = value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (LayoutChoice choice : values()) {
            if (choice.name().equals(normalised)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("layout must be one of detect, one-node, citus; got '" + value + "'");
    }

    /**
     * The layout for the connected database. Forcing {@link #CITUS} on a database without the
     * {@code citus} extension fails here, before any table is created.
     */
    public StoreLayout resolve(Connection connection) throws SQLException {
        return switch (this) {
            case DETECT -> StoreLayout.detect(connection);
            case ONE_NODE -> StoreLayout.ONE_NODE;
            case CITUS -> {
                if (!StoreLayout.citusInstalled(connection)) {
                    throw new IllegalStateException("layout citus was asked for, but the citus extension is not"
                            + " installed in this database (CREATE EXTENSION citus on the coordinator first)");
                }
                yield StoreLayout.CITUS;
            }
        };
    }

    /** The configuration spelling: {@code detect}, {@code one-node}, {@code citus}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

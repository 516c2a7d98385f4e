package io.vectorline.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How the tables are laid out across servers.
 *
 * <ul>
 *   <li>{@link #ONE_NODE}: one PostgreSQL server; {@code documents} and {@code chunks} are
 *       {@code PARTITION BY HASH (tenant_id)} with the same modulus, so joins run partition by
 *       partition.</li>
 *   <li>{@link #CITUS}: a Citus coordinator; {@code documents} and {@code chunks} are plain tables
 *       distributed by {@code tenant_id} and co-located, {@code embedding_models} is a reference
 *       table.</li>
 * </ul>
 */
public enum StoreLayout {
    ONE_NODE("one_node"),
    CITUS("citus");

    private final String placeholder;

    StoreLayout(String placeholder) {
        this.placeholder = placeholder;
    }

    /** The value of the migrations' {@code ${layout}} placeholder. */
    public String placeholder() {
        return placeholder;
    }

    /** {@link #CITUS} when the {@code citus} extension is installed in the connected database. */
    public static StoreLayout detect(Connection connection) throws SQLException {
        return citusInstalled(connection) ? CITUS : ONE_NODE;
    }

    static boolean citusInstalled(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'citus'")) {
            return rs.next();
        }
    }
}

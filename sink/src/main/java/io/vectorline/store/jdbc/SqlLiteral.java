package io.vectorline.store.jdbc;

/**
 * A string constant for SQL text, for where no bind parameter can go (SET, or a list Citus must
 * see to prune shards): an escape string with quotes and backslashes doubled, which means the same
 * whatever {@code standard_conforming_strings} is.
 */
public final class SqlLiteral {
    private SqlLiteral() {}

    public static String of(String value) {
        if (value == null) {
            throw new IllegalArgumentException("a SQL literal must not be null");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a SQL literal cannot hold U+0000");
        }
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}

package io.vectorline.cli;

import picocli.CommandLine.Option;

/** {@code --jdbc-url}, shared by every command that talks to PostgreSQL. */
final class DatabaseOption {
    @Option(names = "--jdbc-url", required = true, defaultValue = "${env:VECTORLINE_JDBC_URL}",
            description = "PostgreSQL JDBC URL with credentials (default: $VECTORLINE_JDBC_URL).")
    String jdbcUrl;
}

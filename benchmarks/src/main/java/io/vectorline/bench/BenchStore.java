package io.vectorline.bench;

import java.sql.SQLException;

/** A store that one measured load or job run writes into: migrated, empty, released when closed. */
public interface BenchStore extends AutoCloseable {
    String url();

    @Override
    void close() throws SQLException;

    /** Opens the store for one load or run, for vectors of {@code dimensions}. */
    @FunctionalInterface
    interface Source {
        BenchStore open(int dimensions) throws SQLException;
    }
}

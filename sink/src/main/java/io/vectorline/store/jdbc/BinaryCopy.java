package io.vectorline.store.jdbc;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.PGCopyOutputStream;

/** Runs one {@code COPY ... FROM STDIN (FORMAT binary)} in the connection's open transaction. */
public final class BinaryCopy {
    /** Writes the rows of one COPY. */
    @FunctionalInterface
    public interface Rows {
        void writeTo(BinaryCopyWriter rows) throws IOException;
    }

    private static final int BUFFER_BYTES = 1 << 16;

    private BinaryCopy() {}

    public static void copyIn(Connection connection, String sql, Rows rows) throws SQLException {
        CopyIn copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            // Never close() this stream: closing ends the COPY, which must only happen on success.
            PGCopyOutputStream stream = new PGCopyOutputStream(copyIn, BUFFER_BYTES);
            BinaryCopyWriter writer = new BinaryCopyWriter(stream);
            rows.writeTo(writer);
            writer.finish();
            stream.endCopy();
        } catch (IOException e) {
            throw new SQLException("COPY failed: " + e.getMessage(), e);
        } finally {
            if (copyIn.isActive()) {
                copyIn.cancelCopy();
            }
        }
    }
}

package io.vectorline.sink.internal;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.model.EmbeddedChunk;
import io.vectorline.store.StoreRows;
import io.vectorline.store.jdbc.BinaryCopy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** Binary COPY of a flush's rows, in the layouts of {@link StoreRows}. */
final class StagedRows {
    private StagedRows() {}

    /** Each document's net change, deletes included. */
    static void copyStagedDocuments(Connection connection, String copySql, Collection<PendingWrites.Pending> documents)
            throws SQLException {
        BinaryCopy.copyIn(connection, copySql, rows -> {
            for (PendingWrites.Pending pending : documents) {
                StoreRows.STAGED_DOCUMENT.write(rows, pending);
            }
        });
    }

    /** The upserted documents; the caller knows every document has one. */
    static void copyDocuments(Connection connection, String copySql, Collection<PendingWrites.Pending> documents)
            throws SQLException {
        BinaryCopy.copyIn(connection, copySql, rows -> {
            for (PendingWrites.Pending pending : documents) {
                StoreRows.DOCUMENT.write(rows, pending.upsert());
            }
        });
    }

    /** The chunks the upserts list. */
    static void copyChunks(Connection connection, String copySql, Collection<PendingWrites.Pending> documents)
            throws SQLException {
        BinaryCopy.copyIn(connection, copySql, rows -> {
            for (PendingWrites.Pending pending : documents) {
                DocumentUpsert upsert = pending.upsert();
                if (upsert == null) {
                    continue;
                }
                for (EmbeddedChunk chunk : upsert.chunks()) {
                    StoreRows.CHUNK.write(rows, new StoreRows.ChunkRow(upsert, chunk));
                }
            }
        });
    }
}

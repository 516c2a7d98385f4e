package io.vectorline.sink.internal;

import io.vectorline.model.DocumentRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * Serializes flushes that touch the same document, whichever writer they come from (a backfill
 * beside the live job): a flush first takes a transaction-scoped advisory lock per document, all
 * in one statement and in one global order, so two flushes never interleave on a document and
 * never deadlock on these locks. Each later statement of the flush (READ COMMITTED) then sees what
 * the other flush committed, so the merge's version and deletion guards decide on the final state:
 * without the locks, a version could be written while a tombstone of that version was recorded,
 * and the document would outlive its deletion. On Citus the locks are the coordinator's, through
 * which every flush writes.
 */
final class DocumentLocks {
    private DocumentLocks() {}

    static void lock(Connection connection, Collection<PendingWrites.Pending> documents) throws SQLException {
        Long[] keys = documents.stream().map(p -> key(p.ref())).distinct().sorted().toArray(Long[]::new);
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(?::bigint[]) AS k")) {
            statement.setArray(1, connection.createArrayOf("bigint", keys));
            statement.execute();
        }
    }

    /** A document's lock; two documents sharing one only wait for each other. */
    static long key(DocumentRef ref) {
        return ((long) ref.tenantId().hashCode() << 32) | (ref.docId().hashCode() & 0xFFFF_FFFFL);
    }
}

package io.vectorline.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The deletion of a document and all its chunks (a Kafka tombstone, which carries no version).
 * The store remembers the version it deleted, so no version up to that one comes back.
 *
 * @param knownVersion the version the writer knows it deletes, also one not stored yet (folded
 *     into the same flush), or {@link DocumentWrite#NO_BASIS}; the stored version counts too
 * @param deletesUpTo null: deletes whatever version is stored (a tombstone the live job reads, the
 *     newest event of its document); otherwise deletes only a stored version recorded in its topic
 *     before it (a tombstone a backfill replays, with its record's timestamp): a version published
 *     after the tombstone, or in the same millisecond, stays
 */
public record DocumentDelete(String tenantId, String docId, long knownVersion, Instant deletesUpTo,
        RecordOrigin origin) implements DocumentWrite {
    public DocumentDelete {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(docId, "docId");
    }

    /** This delete, coming from {@code origin}. */
    public DocumentDelete from(RecordOrigin recordOrigin) {
        return new DocumentDelete(tenantId, docId, knownVersion, deletesUpTo, recordOrigin);
    }

    /** This delete, of a document known at {@code version}. */
    public DocumentDelete ofVersion(long version) {
        return new DocumentDelete(tenantId, docId, version, deletesUpTo, origin);
    }
}

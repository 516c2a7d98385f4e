package io.vectorline.job.decode;

import io.vectorline.model.RecordOrigin;
import java.time.Instant;

/**
 * The deletion of a document: a tombstone, which has no version and no body.
 *
 * @param deletesUpTo null for a tombstone the live job reads; for one a backfill replays, its
 *     record's timestamp: it deletes only a stored version whose record was written before it
 */
public record Deletion(String tenantId, String docId, Instant deletesUpTo, RecordOrigin origin)
        implements DocumentChange {}

package io.vectorline.job.decode;

import io.vectorline.model.RecordOrigin;
import java.time.Instant;
import java.util.Map;

/**
 * A new version of a document, as published.
 *
 * @param recordedAt its record's timestamp in the topic, or null if it has none
 */
public record NewVersion(
        String tenantId,
        String docId,
        long version,
        String title,
        String body,
        Map<String, String> metadata,
        String sourceUri,
        long eventTimeMillis,
        Instant recordedAt,
        RecordOrigin origin)
        implements DocumentChange {}

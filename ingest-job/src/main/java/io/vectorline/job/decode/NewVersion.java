package io.vectorline.job.decode;

import io.vectorline.model.RecordOrigin;
import java.util.Map;

/** A new version of a document, as published. */
public record NewVersion(
        String tenantId,
        String docId,
        long version,
        String title,
        String body,
        Map<String, String> metadata,
        String sourceUri,
        long eventTimeMillis,
        RecordOrigin origin)
        implements DocumentChange {}

package io.vectorline.job.decode;

import io.vectorline.model.RecordOrigin;

/** The deletion of a document: a tombstone, which has no version and no body. */
public record Deletion(String tenantId, String docId, RecordOrigin origin) implements DocumentChange {}

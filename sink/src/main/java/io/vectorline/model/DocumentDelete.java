package io.vectorline.model;

import java.util.Objects;

/** The deletion of a document and all its chunks (a Kafka tombstone, which carries no version). */
public record DocumentDelete(String tenantId, String docId, RecordOrigin origin) implements DocumentWrite {
    public DocumentDelete {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(docId, "docId");
    }

    /** This delete, coming from {@code origin}. */
    public DocumentDelete from(RecordOrigin recordOrigin) {
        return new DocumentDelete(tenantId, docId, recordOrigin);
    }
}

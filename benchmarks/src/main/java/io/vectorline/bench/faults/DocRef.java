package io.vectorline.bench.faults;

/** A document's key: unique within its tenant. */
record DocRef(String tenantId, String docId) {
    @Override
    public String toString() {
        return tenantId + "/" + docId;
    }
}

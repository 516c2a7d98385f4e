package io.vectorline.job.decode;

import io.vectorline.model.DocumentRef;
import io.vectorline.model.RecordOrigin;
import java.io.Serializable;

/** A decoded, validated event with the record it came from: a new version of a document, or its deletion. */
public sealed interface DocumentChange extends Serializable permits NewVersion, Deletion {
    String tenantId();

    String docId();

    RecordOrigin origin();

    default DocumentRef ref() {
        return new DocumentRef(tenantId(), docId());
    }

    /** Routes all events of one document to one subtask, keeping their order. */
    default String routingKey() {
        return tenantId() + '\u0000' + docId();
    }
}

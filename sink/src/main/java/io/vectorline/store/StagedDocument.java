package io.vectorline.store;

import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentUpsert;

/** A document's net change in one flush: optionally delete what is stored, then optionally upsert. */
public interface StagedDocument {
    DocumentRef ref();

    boolean deleteFirst();

    /** The version to upsert, or null when the document is only deleted. */
    DocumentUpsert upsert();
}

package io.vectorline.store;

import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentUpsert;
import java.time.Instant;

/** A document's net change in one flush: optionally delete what is stored, then optionally upsert. */
public interface StagedDocument {
    DocumentRef ref();

    boolean deleteFirst();

    /** With {@link #deleteFirst}: null to delete what is stored, else only a version recorded before it. */
    Instant deletesUpTo();

    /** With {@link #deleteFirst}: the version known to be deleted besides the stored one, or null. */
    Long deletedVersion();

    /** The version to upsert, or null when the document is only deleted. */
    DocumentUpsert upsert();
}

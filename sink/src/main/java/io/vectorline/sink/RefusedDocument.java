package io.vectorline.sink;

import io.vectorline.model.DocumentRef;
import io.vectorline.model.RecordOrigin;
import java.io.Serializable;
import java.util.List;

/**
 * A document the database refused (a data error that belongs to it alone), emitted by the sink so
 * the rest of its flush still lands.
 *
 * @param origins the records whose writes were folded into it, oldest first
 * @param reason why, in words an operator can act on
 */
public record RefusedDocument(DocumentRef document, List<RecordOrigin> origins, String reason)
        implements Serializable {}

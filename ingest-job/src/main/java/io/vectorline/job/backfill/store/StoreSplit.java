package io.vectorline.job.backfill.store;

import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One tenant's stored documents, from after {@code afterDocId} (empty: from the first) on.
 *
 * @param documentsRead documents of this tenant the backfill has read so far, over all its runs
 */
public record StoreSplit(String tenantId, String afterDocId, long documentsRead) implements SourceSplit, Serializable {
    public static StoreSplit start(String tenantId) {
        return new StoreSplit(tenantId, "", 0);
    }

    @Override
    public String splitId() {
        return tenantId;
    }

    /** This split once {@code docId} was read. */
    StoreSplit after(String docId) {
        return new StoreSplit(tenantId, docId, documentsRead + 1);
    }
}

package io.vectorline.job.backfill.source;

import java.io.Serializable;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One tenant's stored documents, or one file, read from after {@code after} on: the last document
 * id read (empty: from the first), or the byte offset of the next line.
 *
 * @param id the tenant or the file
 * @param read records this backfill has read of it so far, over all its runs
 */
public record ReplaySplit(String id, String after, long read) implements SourceSplit, Serializable {
    public static ReplaySplit start(String id) {
        return new ReplaySplit(id, "", 0);
    }

    @Override
    public String splitId() {
        return id;
    }

    /** This split once a record was read, {@code position} the position after it. */
    ReplaySplit after(String position) {
        return new ReplaySplit(id, position, read + 1);
    }
}

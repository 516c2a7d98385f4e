package io.vectorline.job.backfill;

import java.io.Serializable;

/**
 * How fast a backfill may go, across the whole job: documents read (and deletions), paced at the
 * source; and chunks embedded, paced before each embedding batch. 0 means no limit.
 */
public record BackfillPace(double documentsPerSecond, double chunksPerSecond) implements Serializable {
    public static final BackfillPace UNLIMITED = new BackfillPace(0, 0);

    public BackfillPace {
        if (!(documentsPerSecond >= 0) || !(chunksPerSecond >= 0)) {
            throw new IllegalArgumentException("a pace is 0 (no limit) or a positive rate, got " + documentsPerSecond
                    + " documents/s and " + chunksPerSecond + " chunks/s");
        }
    }

    @Override
    public String toString() {
        return (documentsPerSecond > 0 ? documentsPerSecond + " documents/s" : "documents unpaced") + ", "
                + (chunksPerSecond > 0 ? chunksPerSecond + " chunks/s" : "chunks unpaced");
    }
}

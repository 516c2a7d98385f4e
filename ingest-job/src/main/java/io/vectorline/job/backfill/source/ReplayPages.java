package io.vectorline.job.backfill.source;

import io.vectorline.job.source.RawRecord;
import java.io.Serializable;
import java.util.List;

/** Reads a split a page at a time, each record with the split's position after it. */
public interface ReplayPages extends AutoCloseable {
    /** A record as the documents topic would carry it, and where the split stands after it. */
    record Entry(String after, RawRecord record) {}

    /** Up to {@code size} records of the split after its position; none once it is read. */
    List<Entry> next(ReplaySplit split, int size) throws Exception;

    /** Opens pages where the reader runs (the source carries this, not the pages). */
    @FunctionalInterface
    interface Opener extends Serializable {
        ReplayPages open();
    }
}

package io.vectorline.job.backfill;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * A backfill of JSON Lines files, in the format {@code produce} reads: {@code files} by absolute
 * path, read in order, {@code records} events in them when it first started.
 */
public record FilePlan(String name, String groupId, List<String> files, long records)
        implements BackfillPlan, Serializable {
    public FilePlan {
        BackfillPlan.requireName(name);
        files = List.copyOf(files);
    }

    /** Every tenant a file names: a file is replayed whole. */
    @Override
    public Set<String> tenants() {
        return Set.of();
    }

    @Override
    public long total() {
        return records;
    }
}

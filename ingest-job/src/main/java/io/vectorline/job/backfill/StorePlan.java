package io.vectorline.job.backfill;

import java.io.Serializable;
import java.util.Set;

/**
 * A backfill of what the store holds: the stored documents of {@code tenants} (empty: of every
 * tenant), {@code documents} of them when it first started.
 */
public record StorePlan(String name, String groupId, Set<String> tenants, long documents)
        implements BackfillPlan, Serializable {
    public StorePlan {
        BackfillPlan.requireName(name);
        tenants = Set.copyOf(tenants);
    }

    @Override
    public long total() {
        return documents;
    }
}

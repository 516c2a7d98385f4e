package io.vectorline.job;

import java.io.Serializable;
import java.util.Set;

/**
 * What the pipeline lets through after decoding, and how fast: the live job admits everything at
 * full speed; a backfill may keep only some tenants and hold documents or chunks to a rate.
 *
 * @param tenants the tenants whose events go on; empty for all
 * @param documentsPerSecond documents (and deletions) per second across all subtasks; 0 for no limit
 * @param chunksPerSecond chunks embedded per second across all subtasks; 0 for no limit
 */
public record Admission(Set<String> tenants, double documentsPerSecond, double chunksPerSecond)
        implements Serializable {
    public static final Admission EVERYTHING = new Admission(Set.of(), 0, 0);

    public Admission {
        tenants = Set.copyOf(tenants);
        if (documentsPerSecond < 0 || chunksPerSecond < 0) {
            throw new IllegalArgumentException("rates must not be negative, got " + documentsPerSecond
                    + " documents/s and " + chunksPerSecond + " chunks/s");
        }
    }

    boolean filtersTenants() {
        return !tenants.isEmpty();
    }
}

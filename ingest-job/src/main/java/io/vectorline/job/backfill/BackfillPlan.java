package io.vectorline.job.backfill;

import java.util.Set;

/**
 * What a backfill replays, fixed when it first starts, so running the same command again resumes
 * it: a range of the documents topic ({@link TopicPlan}), what the store holds ({@link StorePlan}),
 * or JSON Lines files ({@link FilePlan}).
 */
public sealed interface BackfillPlan permits TopicPlan, StorePlan, FilePlan {
    String NAME = "[A-Za-z0-9._-]{1,100}";

    String name();

    /**
     * The consumer group the backfill reads as (a topic backfill) and the prefix of its
     * dead-letter transactions: new for every plan, so what an earlier backfill of the same name
     * left in Kafka never counts, and the same across runs of one plan, so a run fences the
     * transactions a killed one left open.
     */
    String groupId();

    /** The tenants replayed; empty for all. */
    Set<String> tenants();

    /** Records (topic, files) or documents (store) the backfill reads in all. */
    long total();

    static void requireName(String name) {
        if (name == null || !name.matches(NAME)) {
            throw new IllegalArgumentException("a backfill name is 1 to 100 letters, digits, '.', '_' or '-', got '"
                    + name + "'");
        }
    }

    /** A group id for a new plan of backfill {@code name}. */
    static String newGroupId(String name) {
        return "vectorline-backfill-" + name + "-" + Long.toString(System.currentTimeMillis(), 36);
    }
}

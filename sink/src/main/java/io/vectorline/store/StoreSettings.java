package io.vectorline.store;

import java.io.Serializable;
import java.util.Objects;

/**
 * The database layout.
 *
 * @param dimensions vector dimension of {@code chunks.embedding}, from the model spec
 * @param partitions hash partitions of {@code documents} and {@code chunks} (the same for both) in
 *     the one-node layout; on Citus the shard count comes from {@code citus.shard_count}
 * @param layout one node or Citus: detected from the database unless forced
 */
public record StoreSettings(int dimensions, int partitions, LayoutChoice layout) implements Serializable {
    public static final int DEFAULT_PARTITIONS = 8;

    public StoreSettings {
        if (dimensions < 1 || dimensions > 16_000) {
            throw new IllegalArgumentException("dimensions must be in 1..16000, got " + dimensions);
        }
        if (partitions < 1 || partitions > 1024) {
            throw new IllegalArgumentException("partitions must be in 1..1024, got " + partitions);
        }
        Objects.requireNonNull(layout, "layout");
    }

    /** The layout detected from the database. */
    public StoreSettings(int dimensions, int partitions) {
        this(dimensions, partitions, LayoutChoice.DETECT);
    }
}

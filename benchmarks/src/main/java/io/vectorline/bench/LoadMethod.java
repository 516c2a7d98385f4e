package io.vectorline.bench;

/** One way of getting the same rows into PostgreSQL; timed from empty tables to committed rows. */
interface LoadMethod {
    String name();

    /** What the method runs: for the results table. */
    String description();

    void load(BenchDatabase database, SinkRows rows) throws Exception;
}

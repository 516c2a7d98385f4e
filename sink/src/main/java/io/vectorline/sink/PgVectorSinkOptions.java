package io.vectorline.sink;

import io.vectorline.store.StoreSettings;
import io.vectorline.store.StoreTables;
import io.vectorline.store.jdbc.PgConnections;
import io.vectorline.store.jdbc.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how often the sink writes; made by {@link PgVectorSink#builder()}, which validates it.
 *
 * @param jdbcUrl PostgreSQL JDBC URL, credentials included
 * @param store the model's vector dimension and the table layout
 * @param tables the tables written
 * @param maxBufferedDocuments flush when this many documents wait
 * @param maxBufferedChunks flush when this many chunks wait
 * @param maxBufferAge flush when the oldest waiting write is this old
 * @param retry how transient database failures are waited out within a flush
 */
public record PgVectorSinkOptions(
        String jdbcUrl,
        StoreSettings store,
        StoreTables tables,
        int maxBufferedDocuments,
        int maxBufferedChunks,
        Duration maxBufferAge,
        RetryPolicy retry)
        implements Serializable {
    public static final int DEFAULT_MAX_BUFFERED_DOCUMENTS = 500;
    public static final int DEFAULT_MAX_BUFFERED_CHUNKS = 2_000;
    public static final Duration DEFAULT_MAX_BUFFER_AGE = Duration.ofSeconds(2);

    public PgVectorSinkOptions {
        Objects.requireNonNull(jdbcUrl, "the sink needs a JDBC URL");
        Objects.requireNonNull(store, "the sink needs store settings (the model's dimension and the layout)");
        Objects.requireNonNull(tables, "tables");
        Objects.requireNonNull(maxBufferAge, "maxBufferAge");
        Objects.requireNonNull(retry, "retry");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + PgConnections.redact(jdbcUrl));
        }
        if (maxBufferedDocuments < 1 || maxBufferedChunks < 1) {
            throw new IllegalArgumentException("flush limits must be positive, got " + maxBufferedDocuments
                    + " documents and " + maxBufferedChunks + " chunks");
        }
        if (maxBufferAge.isNegative() || maxBufferAge.isZero()) {
            throw new IllegalArgumentException("max buffer age must be positive, got " + maxBufferAge);
        }
    }
}

package io.vectorline.sink.flink;

import io.vectorline.sink.RetryPolicy;
import io.vectorline.sink.StoreSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how often the sink writes.
 *
 * @param jdbcUrl PostgreSQL JDBC URL, credentials included
 * @param store table layout; created on first use when missing
 * @param maxBufferedDocuments flush when this many documents wait
 * @param maxBufferedChunks flush when this many chunks wait
 * @param maxBufferAge flush when the oldest waiting write is this old
 * @param retry how transient database failures are retried within a flush
 */
public record PgVectorSinkOptions(
        String jdbcUrl,
        StoreSettings store,
        int maxBufferedDocuments,
        int maxBufferedChunks,
        Duration maxBufferAge,
        RetryPolicy retry)
        implements Serializable {
    public static final int DEFAULT_MAX_BUFFERED_DOCUMENTS = 500;
    public static final int DEFAULT_MAX_BUFFERED_CHUNKS = 2_000;
    public static final Duration DEFAULT_MAX_BUFFER_AGE = Duration.ofSeconds(2);

    public PgVectorSinkOptions {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(maxBufferAge, "maxBufferAge");
        Objects.requireNonNull(retry, "retry");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        if (maxBufferedDocuments < 1 || maxBufferedChunks < 1) {
            throw new IllegalArgumentException("buffer limits must be positive");
        }
        if (maxBufferAge.isNegative() || maxBufferAge.isZero()) {
            throw new IllegalArgumentException("max buffer age must be positive, got " + maxBufferAge);
        }
    }

    public static PgVectorSinkOptions defaults(String jdbcUrl, StoreSettings store) {
        return new PgVectorSinkOptions(jdbcUrl, store, DEFAULT_MAX_BUFFERED_DOCUMENTS, DEFAULT_MAX_BUFFERED_CHUNKS,
                DEFAULT_MAX_BUFFER_AGE, RetryPolicy.defaults());
    }
}

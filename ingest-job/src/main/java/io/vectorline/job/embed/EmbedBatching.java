package io.vectorline.job.embed;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How many documents the embed step collects before it embeds them in one call: enough to keep
 * every worker busy and per-record overhead small, few enough that a full buffer soon blocks the
 * input (backpressure). Bodies are bounded in characters because tokens are only known after
 * chunking, which unchanged documents skip.
 *
 * @param maxDocuments documents per micro-batch
 * @param maxChars body characters per micro-batch
 * @param maxWait how long the first buffered document waits for others
 */
public record EmbedBatching(int maxDocuments, int maxChars, Duration maxWait) implements Serializable {
    public static final int DEFAULT_MAX_DOCUMENTS = 256;
    public static final int DEFAULT_MAX_CHARS = 256 * 1024;
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMillis(100);

    public EmbedBatching {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxDocuments < 1 || maxChars < 1) {
            throw new IllegalArgumentException("micro-batch limits must be positive, got " + maxDocuments
                    + " documents and " + maxChars + " characters");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("micro-batch wait must not be negative, got " + maxWait);
        }
    }

    public static EmbedBatching defaults() {
        return new EmbedBatching(DEFAULT_MAX_DOCUMENTS, DEFAULT_MAX_CHARS, DEFAULT_MAX_WAIT);
    }
}

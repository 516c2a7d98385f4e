package io.vectorline.sink;

import io.vectorline.model.DocumentWrite;
import io.vectorline.sink.internal.PgVectorWriter;
import io.vectorline.store.StoreSettings;
import io.vectorline.store.StoreTables;
import io.vectorline.store.jdbc.RetryPolicy;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Writes {@link DocumentWrite}s into pgvector tables and returns the stream of documents the
 * database refuses, for the caller to set aside (the ingest job dead-letters them):
 *
 * <pre>
 * DataStream&lt;DocumentWrite&gt; ─▶ pgvector writer (buffer, COPY to staging, version-guarded merge)
 *                               └─▶ DataStream&lt;RefusedDocument&gt;
 * </pre>
 *
 * Every checkpoint flushes what is buffered before the barrier, and the version-guarded merge
 * makes a replay after restore harmless, so the final table state is exactly-once without
 * two-phase commit; refusals, emitted before the barrier too, belong to the checkpoint that covers
 * their input, so a transactional sink downstream writes each once. The schema must be current
 * ({@code StoreSchema.migrate} before the job is submitted); the writer only verifies it.
 */
public final class PgVectorSink implements Serializable {
    private static final long serialVersionUID = 1L;

    private final PgVectorSinkOptions options;

    private PgVectorSink(PgVectorSinkOptions options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    public PgVectorSinkOptions options() {
        return options;
    }

    public SingleOutputStreamOperator<RefusedDocument> write(DataStream<DocumentWrite> writes) {
        return writes.transform("pgvector", TypeInformation.of(RefusedDocument.class), new PgVectorWriter(options));
    }

    /** Builds a {@link PgVectorSink}; the JDBC URL and the store settings are required. */
    public static final class Builder {
        private String jdbcUrl;
        private StoreSettings store;
        private StoreTables tables = StoreTables.DEFAULT;
        private int maxBufferedDocuments = PgVectorSinkOptions.DEFAULT_MAX_BUFFERED_DOCUMENTS;
        private int maxBufferedChunks = PgVectorSinkOptions.DEFAULT_MAX_BUFFERED_CHUNKS;
        private Duration maxBufferAge = PgVectorSinkOptions.DEFAULT_MAX_BUFFER_AGE;
        private RetryPolicy retry = RetryPolicy.defaults();

        private Builder() {}

        public Builder jdbcUrl(String value) {
            jdbcUrl = value;
            return this;
        }

        public Builder store(StoreSettings value) {
            store = value;
            return this;
        }

        public Builder tables(StoreTables value) {
            tables = value;
            return this;
        }

        /** Flush when this many documents or chunks wait, or the oldest write is this old. */
        public Builder flushWhen(int documents, int chunks, Duration age) {
            maxBufferedDocuments = documents;
            maxBufferedChunks = chunks;
            maxBufferAge = age;
            return this;
        }

        public Builder retry(RetryPolicy value) {
            retry = value;
            return this;
        }

        /** Fails on a missing or invalid setting, naming it. */
        public PgVectorSink build() {
            return new PgVectorSink(new PgVectorSinkOptions(jdbcUrl, store, tables, maxBufferedDocuments,
                    maxBufferedChunks, maxBufferAge, retry));
        }
    }
}

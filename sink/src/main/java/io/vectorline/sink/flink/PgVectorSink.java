package io.vectorline.sink.flink;

import io.vectorline.sink.DocumentWrite;
import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Flink sink writing {@link DocumentWrite}s into pgvector tables. Stateless: every checkpoint
 * flushes the buffer, and the version-guarded merge makes a replay after restore harmless, so the
 * final table state is exactly-once without two-phase commit.
 */
public final class PgVectorSink implements Sink<DocumentWrite> {
    private static final long serialVersionUID = 1L;

    private final PgVectorSinkOptions options;
    private final RefusedDocuments refused;

    /** A sink whose flush fails on a data error. */
    public PgVectorSink(PgVectorSinkOptions options) {
        this(options, null);
    }

    /** A sink that sends documents the database refuses to {@code refused} and stores the rest. */
    public PgVectorSink(PgVectorSinkOptions options, RefusedDocuments refused) {
        this.options = options;
        this.refused = refused;
    }

    @Override
    public SinkWriter<DocumentWrite> createWriter(WriterInitContext context) throws IOException {
        return PgVectorSinkWriter.open(options, refused, context.getProcessingTimeService(),
                context.metricGroup().getNumRecordsOutErrorsCounter());
    }
}

package io.vectorline.sink.flink;

import io.vectorline.sink.DocumentWrite;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Writes {@link DocumentWrite}s into pgvector tables and returns the stream of documents the
 * database refuses, for the caller to set aside (the ingest job dead-letters them). Every
 * checkpoint flushes what is buffered before the barrier, and the version-guarded merge makes a
 * replay after restore harmless, so the final table state is exactly-once without two-phase
 * commit; refusals, emitted before the barrier too, belong to the checkpoint that covers their
 * input, so a transactional sink downstream writes each once.
 */
public final class PgVectorSink {
    private PgVectorSink() {}

    public static SingleOutputStreamOperator<RefusedDocument> write(DataStream<DocumentWrite> writes,
            PgVectorSinkOptions options) {
        return writes.transform("pgvector", TypeInformation.of(RefusedDocument.class), new PgVectorWriter(options));
    }
}

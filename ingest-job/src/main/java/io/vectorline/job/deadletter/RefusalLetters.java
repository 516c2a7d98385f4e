package io.vectorline.job.deadletter;

import io.vectorline.job.source.RawRecord;
import io.vectorline.job.source.SourceRecordReader;
import io.vectorline.model.RecordOrigin;
import io.vectorline.sink.RefusedDocument;
import java.time.Duration;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns documents the database refused into dead letters laid out as the decode step's: each
 * record that went into the refused document, byte for byte, read back from the documents topic
 * by its coordinates, with stage {@code store} and the database's reason. A record that retention
 * or compaction removed is dead-lettered by its coordinates alone, so the refusal is still recorded;
 * so is a document a backfill read from the store or from a file.
 */
public final class RefusalLetters extends ProcessFunction<RefusedDocument, DeadLetter> {
    private static final long serialVersionUID = 1L;
    public static final String STAGE = "store";
    /** Accumulator: records dead-lettered because the database refused their document. */
    public static final String REFUSED_RECORDS = "refusedRecords";

    private final String bootstrapServers;
    private final Duration readBackTimeout;
    private transient SourceRecordReader sources;
    private final LongCounter refusedRecords = new LongCounter();

    /** {@code readBackTimeout}: how long Kafka may be unreachable before reading back fails the job. */
    public RefusalLetters(String bootstrapServers, Duration readBackTimeout) {
        this.bootstrapServers = bootstrapServers;
        this.readBackTimeout = readBackTimeout;
    }

    @Override
    public void open(OpenContext openContext) {
        getRuntimeContext().addAccumulator(REFUSED_RECORDS, refusedRecords);
    }

    @Override
    public void processElement(RefusedDocument refused, Context context, Collector<DeadLetter> out) throws Exception {
        if (sources == null) {
            // most subtasks never see a refusal: no Kafka client until the first one
            sources = new SourceRecordReader(bootstrapServers, readBackTimeout);
        }
        refusedRecords.add(refused.origins().size());
        for (RecordOrigin origin : refused.origins()) {
            if (!origin.inKafka()) {
                out.collect(new DeadLetter(RawRecord.gone(origin), STAGE, DeadLetterReason.REFUSED_BY_STORE,
                        refused.reason() + " (read by a backfill from " + origin.topic() + " at " + origin.offset()
                                + ", not from Kafka)"));
                continue;
            }
            out.collect(sources.read(origin)
                    .map(record -> new DeadLetter(record, STAGE, DeadLetterReason.REFUSED_BY_STORE, refused.reason()))
                    .orElseGet(() -> new DeadLetter(RawRecord.gone(origin), STAGE, DeadLetterReason.REFUSED_BY_STORE,
                            refused.reason() + " (the record itself is no longer in the topic)")));
        }
    }

    @Override
    public void close() throws Exception {
        if (sources != null) {
            sources.close();
        }
        super.close();
    }
}

package io.vectorline.job.pace;

import io.vectorline.job.decode.DocumentChange;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets documents through at a steady rate, split evenly among the operator's subtasks (Flink's
 * own rate limiter): waiting blocks the task, so the source slows by backpressure and reads no
 * further than the pace allows.
 */
public final class DocumentPace extends ProcessFunction<DocumentChange, DocumentChange> {
    private static final long serialVersionUID = 1L;

    private final double documentsPerSecond;
    private transient RateLimiter<?> limiter;

    public DocumentPace(double documentsPerSecond) {
        if (documentsPerSecond <= 0) {
            throw new IllegalArgumentException("documents per second must be positive, got " + documentsPerSecond);
        }
        this.documentsPerSecond = documentsPerSecond;
    }

    @Override
    public void open(OpenContext openContext) {
        limiter = Paces.limiter(documentsPerSecond, getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks());
    }

    @Override
    public void processElement(DocumentChange change, Context context, Collector<DocumentChange> out) throws Exception {
        Paces.await(limiter, 1);
        out.collect(change);
    }
}

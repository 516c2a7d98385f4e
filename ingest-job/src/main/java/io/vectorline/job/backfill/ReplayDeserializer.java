package io.vectorline.job.backfill;

import io.vectorline.job.pace.Paces;
import io.vectorline.job.source.RawRecord;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.InvalidPayloadException;
import io.vectorline.schema.SingleObjectCodec;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The backfill's source-side choices, made where a record is read so that the source's position
 * (what progress and resume count) moves with what is processed: records of other tenants are
 * dropped by their key, and the rest are let through at this subtask's share of the rate. A
 * record whose key cannot be read goes on, for the decode step to dead-letter.
 */
final class ReplayDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
    private static final long serialVersionUID = 1L;

    private final Set<String> tenants;
    private final double recordsPerSecond;
    private final BackfillTotals totals;
    /** Metric of the source's subtasks: records of the range dropped as other tenants' (read: {@link BackfillJob#RECORDS_READ}). */
    static final String RECORDS_OF_OTHER_TENANTS = "backfillRecordsOfOtherTenants";

    private transient SingleObjectCodec<DocumentKey> keys;
    private transient RateLimiter<?> pace;
    private transient Counter read;
    private transient Counter ofOtherTenants;

    /** {@code tenants}: empty for all; {@code recordsPerSecond}: this subtask's rate, 0 for no limit. */
    ReplayDeserializer(Set<String> tenants, double recordsPerSecond, BackfillTotals totals) {
        this.tenants = Set.copyOf(tenants);
        this.recordsPerSecond = recordsPerSecond;
        this.totals = totals;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        keys = SingleObjectCodec.documentKeys();
        read = context.getMetricGroup().counter(BackfillJob.RECORDS_READ);
        ofOtherTenants = context.getMetricGroup().counter(RECORDS_OF_OTHER_TENANTS);
        totals.registerOn(context.getMetricGroup());
        if (recordsPerSecond > 0) {
            pace = Paces.limiter(recordsPerSecond, 1);
        }
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        read.inc();
        if (!tenants.isEmpty() && record.key() != null) {
            String tenant = tenantOf(record.key());
            if (tenant != null && !tenants.contains(tenant)) {
                ofOtherTenants.inc();
                return;
            }
        }
        if (pace != null) {
            try {
                Paces.await(pace, 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pacing the backfill", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("the backfill's rate limiter failed", e);
            }
        }
        out.collect(RawRecord.of(record));
    }

    /** The key's tenant, or null when the key is not a readable DocumentKey. */
    private String tenantOf(byte[] key) {
        try {
            return keys.decode(key).getTenantId();
        } catch (InvalidPayloadException e) {
            return null;
        }
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}

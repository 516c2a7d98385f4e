package io.vectorline.cli;

import io.vectorline.job.deadletter.RefusalLetters;
import io.vectorline.job.decode.DecodeFunction;
import io.vectorline.job.embed.ChunkCounters;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.JobExecutionResult;

/**
 * What a finished backfill run did, from the job's accumulators.
 *
 * @param records records of the range this run read (of every tenant)
 * @param unchangedDocuments documents whose body was already stored as it is: nothing embedded
 * @param staleDocuments versions not newer than the stored one: ignored
 * @param deadLettered records dead-lettered, undecodable or refused by the database
 */
record BackfillSummary(String name, long records, long embeddedChunks, long skippedChunks, long unchangedDocuments,
        long staleDocuments, long deletions, long deadLettered, double seconds) {

    static BackfillSummary of(String name, long records, JobExecutionResult result, double seconds) {
        return new BackfillSummary(name, records, count(result, ChunkCounters.EMBEDDED_CHUNKS),
                count(result, ChunkCounters.SKIPPED_CHUNKS), count(result, ChunkCounters.UNCHANGED_DOCUMENTS),
                count(result, ChunkCounters.STALE_DOCUMENTS), count(result, DecodeFunction.DELETIONS),
                count(result, DecodeFunction.DEAD_LETTERS_COUNT) + count(result, RefusalLetters.REFUSED_RECORDS),
                seconds);
    }

    private static long count(JobExecutionResult result, String accumulator) {
        Object value = result.getAccumulatorResult(accumulator);
        return value instanceof Number number ? number.longValue() : 0;
    }

    String text() {
        return String.format("backfill %s done in %.1f s: %,d records read, %,d chunks embedded, %,d chunks and %,d"
                + " documents skipped as unchanged, %,d stale versions ignored, %,d deletions, %,d dead-lettered",
                name, seconds, records, embeddedChunks, skippedChunks, unchangedDocuments, staleDocuments, deletions,
                deadLettered);
    }

    String json() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("backfill", name);
        fields.put("finished", true);
        fields.put("records", records);
        fields.put("embeddedChunks", embeddedChunks);
        fields.put("skippedChunks", skippedChunks);
        fields.put("unchangedDocuments", unchangedDocuments);
        fields.put("staleDocuments", staleDocuments);
        fields.put("deletions", deletions);
        fields.put("deadLettered", deadLettered);
        fields.put("seconds", Math.round(seconds * 10) / 10.0);
        return JsonLine.of(fields);
    }
}

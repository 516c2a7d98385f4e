/**
 * A bounded Flink source for backfills that do not read the documents topic: the documents the
 * store holds, a split per tenant read in {@code doc_id} order ({@code backfill --from-store}), or
 * JSON Lines files, a split per file read in byte order ({@code backfill --from-file}). Its
 * position is written to the store on every completed checkpoint, so a backfill killed in any way
 * goes on from there.
 */
package io.vectorline.job.backfill.source;

/**
 * A bounded Flink source over the documents the store holds, one split per tenant read in
 * {@code doc_id} order, for backfills that cut and embed again what is stored
 * ({@code backfill --from-store}) without the documents topic. Its position is written to the
 * store on every completed checkpoint, so a backfill killed in any way goes on from there.
 */
package io.vectorline.job.backfill.store;

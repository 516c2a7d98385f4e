/** The backfill harness: pacing accuracy and the cost of replaying an ingested range. */
package io.vectorline.bench.backfill;

/** Pacing: Flink's rate limiter as backfills use it, at the source (documents) and before embedding (chunks). */
package io.vectorline.job.pace;

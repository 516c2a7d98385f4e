/**
 * The ingest job: {@link io.vectorline.job.IngestJob} wires source, decode, embed, the pgvector sink
 * and the dead-letter sink from one {@link io.vectorline.job.JobConfig}; the store is prepared once
 * by the client that submits it.
 */
package io.vectorline.job;

/** Kafka records as the job reads them: raw bytes with their origin, and reading one back by offset. */
package io.vectorline.job.source;

/**
 * How the sink writes: the Flink operator that buffers and flushes, the store writer (COPY into
 * staging, merge, append for first loads), pending writes folded per document, and the refusal
 * policy that sets aside only the documents the database refuses.
 */
package io.vectorline.sink.internal;

/**
 * The public Flink sink: {@link io.vectorline.sink.PgVectorSink} with its builder and options,
 * and the refused documents it returns. How it writes lives in {@code sink.internal}.
 */
package io.vectorline.sink;

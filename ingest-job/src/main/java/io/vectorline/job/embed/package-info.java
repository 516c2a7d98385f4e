/**
 * The embed step: micro-batches, a pure change planner that computes only what changed against
 * what is known (in flight or stored), and one shared ONNX embedder per TaskManager.
 */
package io.vectorline.job.embed;

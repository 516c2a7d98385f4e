/** Embedding speed side by side (plain ONNX Runtime, Vectorline, LangChain4j) and the job end to end. */
package io.vectorline.bench.embedding;

/**
 * Local embedding with ONNX Runtime: models shipped in Maven artifacts, their tokenizers, the
 * paragraph chunker, and the embedder whose workers each own a session.
 */
package io.vectorline.embedder;

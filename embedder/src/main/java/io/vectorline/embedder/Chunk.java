package io.vectorline.embedder;

/**
 * One piece of a document, small enough for the model.
 *
 * @param number position in the document, from 0, the same for the same text and options
 * @param text the exact characters of the document this chunk covers
 * @param tokens content tokens (special tokens excluded)
 */
public record Chunk(int number, String text, int tokens) {}

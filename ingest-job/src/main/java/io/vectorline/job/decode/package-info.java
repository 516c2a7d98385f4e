/**
 * Decoding and validating records against the producer contract into document changes (a new
 * version or a deletion); anything else becomes a dead letter with its reason.
 */
package io.vectorline.job.decode;

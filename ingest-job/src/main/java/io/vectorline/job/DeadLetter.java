package io.vectorline.job;

/**
 * A record the job could not process, with why and at which step.
 *
 * @param source the original record, byte for byte
 * @param stage where it failed, e.g. {@code decode}
 * @param reason a sentence a producer can act on
 */
public record DeadLetter(RawRecord source, String stage, String reason) {}

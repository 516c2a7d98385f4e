package io.vectorline.schema;

/** A Kafka payload that is not a valid single-object-encoded record of the expected schema. */
public final class InvalidPayloadException extends RuntimeException {
    public InvalidPayloadException(String message) {
        super(message);
    }

    public InvalidPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}

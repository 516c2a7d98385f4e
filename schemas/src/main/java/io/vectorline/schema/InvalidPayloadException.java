package io.vectorline.schema;

/** A Kafka payload that is not a valid single-object-encoded record of the expected schema. */
public final class InvalidPayloadException extends RuntimeException {
    /** What is wrong with the payload, for counting dead letters by reason. */
    public enum Kind {
        EMPTY,
        NOT_SINGLE_OBJECT,
        UNKNOWN_SCHEMA,
        INVALID_UTF8,
        UNDECODABLE
    }

    private final Kind kind;

    public InvalidPayloadException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public InvalidPayloadException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

package io.vectorline.job.deadletter;

import io.vectorline.schema.InvalidPayloadException;

/**
 * Why a record was set aside, as a stable code in the dead letter's {@code vectorline.error.code}
 * header, so letters can be counted and re-driven by reason; the sentence in
 * {@code vectorline.error.reason} says the particulars.
 */
public enum DeadLetterReason {
    MISSING_KEY("missing-key"),
    NOT_AVRO("not-avro"),
    UNKNOWN_SCHEMA("unknown-schema"),
    INVALID_UTF8("invalid-utf8"),
    INVALID_ID("invalid-id"),
    KEY_MISMATCH("key-mismatch"),
    INVALID_VERSION("invalid-version"),
    UNSTORABLE_TEXT("unstorable-text"),
    BODY_TOO_LARGE("body-too-large"),
    REFUSED_BY_STORE("refused-by-store");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static DeadLetterReason of(InvalidPayloadException.Kind kind) {
        return switch (kind) {
            case INVALID_UTF8 -> INVALID_UTF8;
            case UNKNOWN_SCHEMA -> UNKNOWN_SCHEMA;
            case EMPTY, NOT_SINGLE_OBJECT, UNDECODABLE -> NOT_AVRO;
        };
    }
}

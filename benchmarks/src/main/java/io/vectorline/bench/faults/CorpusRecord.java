package io.vectorline.bench.faults;

/**
 * One record of the corpus as it is published, and what the producer contract says it does.
 *
 * @param doc the document it is about; null for poison
 * @param version its version; 0 for tombstones and poison
 * @param title the title it carries; null for tombstones and poison
 */
record CorpusRecord(Kind kind, DocRef doc, long version, String title, byte[] key, byte[] value) {
    enum Kind {
        CREATE("create (version 1)", null),
        UPDATE_SAME_BODY("update, body unchanged (version 2, new metadata)", null),
        UPDATE_EDITED("update, one paragraph edited (version 2 or 3)", null),
        OLDER_VERSION("stale: older than the stored version, other title and body", null),
        EQUAL_VERSION("stale: the stored version again, other title and body", null),
        TOMBSTONE("tombstone (null value)", null),
        RE_CREATE("re-create after a tombstone (version 1, at or below the deleted one)", null),
        NOT_AVRO("2.5 MB of random bytes as the value", "not-avro"),
        BODY_TOO_LARGE("a 3 MB body: valid Avro, over --max-body-chars", "body-too-large"),
        INVALID_VERSION("version -5", "invalid-version"),
        INVALID_UTF8("a lone 0x80 byte in the body's UTF-8", "invalid-utf8"),
        KEY_MISMATCH("key and value name different documents", "key-mismatch"),
        MISSING_KEY("no key", "missing-key"),
        INVALID_ID("a blank doc id", "invalid-id");

        final String description;
        /** The dead letter's {@code vectorline.error.code}; null for records the job must apply. */
        final String deadLetterCode;

        Kind(String description, String deadLetterCode) {
            this.description = description;
            this.deadLetterCode = deadLetterCode;
        }

        boolean poison() {
            return deadLetterCode != null;
        }
    }

    static CorpusRecord poison(Kind kind, byte[] key, byte[] value) {
        return new CorpusRecord(kind, null, 0, null, key, value);
    }

    int bytes() {
        return (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    }
}

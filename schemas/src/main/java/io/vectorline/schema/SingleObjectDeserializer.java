package io.vectorline.schema;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * kafka-clients {@link Deserializer} over a {@link SingleObjectCodec}; {@code null} (a tombstone)
 * stays {@code null}, bad bytes raise a {@link SerializationException} naming the reason.
 */
public abstract class SingleObjectDeserializer<T> implements Deserializer<T> {
    private final SingleObjectCodec<T> codec;

    protected SingleObjectDeserializer(SingleObjectCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return codec.decode(data);
        } catch (InvalidPayloadException e) {
            throw new SerializationException("topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** Deserializer for record values. */
    public static final class Events extends SingleObjectDeserializer<DocumentEvent> {
        public Events() {
            super(SingleObjectCodec.documentEvents());
        }
    }

    /** Deserializer for record keys. */
    public static final class Keys extends SingleObjectDeserializer<DocumentKey> {
        public Keys() {
            super(SingleObjectCodec.documentKeys());
        }
    }
}

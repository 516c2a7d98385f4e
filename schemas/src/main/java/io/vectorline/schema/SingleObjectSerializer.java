package io.vectorline.schema;

import org.apache.kafka.common.serialization.Serializer;

/** kafka-clients {@link Serializer} over a {@link SingleObjectCodec}; {@code null} stays {@code null}. */
public abstract class SingleObjectSerializer<T> implements Serializer<T> {
    private final SingleObjectCodec<T> codec;

    protected SingleObjectSerializer(SingleObjectCodec<T> codec) {
        this.codec = codec;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : codec.encode(data);
    }

    /** Serializer for record values; a {@code null} value is a tombstone. */
    public static final class Events extends SingleObjectSerializer<DocumentEvent> {
        public Events() {
            super(SingleObjectCodec.documentEvents());
        }
    }

    /** Serializer for record keys. */
    public static final class Keys extends SingleObjectSerializer<DocumentKey> {
        public Keys() {
            super(SingleObjectCodec.documentKeys());
        }
    }
}

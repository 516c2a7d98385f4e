package io.vectorline.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;

/**
 * Avro single-object encoding (two marker bytes, the writer schema's 64-bit fingerprint, then the
 * binary datum) for one record type. Any Avro client can write it from the {@code .avsc} alone.
 * Older writer schemas registered here are resolved to the current reader schema.
 *
 * <p>Thread-safe: Avro's message encoder and decoder keep per-thread buffers.
 */
public final class SingleObjectCodec<T> {
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    public SingleObjectCodec(Schema readerSchema, List<Schema> olderWriterSchemas) {
        SchemaStore.Cache store = new SchemaStore.Cache();
        olderWriterSchemas.forEach(store::addSchema);
        this.encoder = new BinaryMessageEncoder<>(SpecificData.get(), readerSchema);
        this.decoder = new BinaryMessageDecoder<>(StrictStringData.INSTANCE, readerSchema, store);
    }

    public static SingleObjectCodec<DocumentEvent> documentEvents() {
        return new SingleObjectCodec<>(DocumentEvent.getClassSchema(), List.of());
    }

    public static SingleObjectCodec<DocumentKey> documentKeys() {
        return new SingleObjectCodec<>(DocumentKey.getClassSchema(), List.of());
    }

    public byte[] encode(T datum) {
        try {
            ByteBuffer buffer = encoder.encode(datum);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot encode " + datum + ": " + e.getMessage(), e);
        }
    }

    /** Decodes one payload; every kind of bad input becomes an {@link InvalidPayloadException}. */
    public T decode(byte[] payload) {
        if (payload == null || payload.length == 0) {
            throw new InvalidPayloadException(InvalidPayloadException.Kind.EMPTY, "empty payload");
        }
        try {
            return decoder.decode(payload);
        } catch (InvalidPayloadException e) {
            throw e;
        } catch (MissingSchemaException e) {
            throw new InvalidPayloadException(InvalidPayloadException.Kind.UNKNOWN_SCHEMA,
                    "unknown writer schema fingerprint: " + e.getMessage(), e);
        } catch (BadHeaderException e) {
            throw new InvalidPayloadException(InvalidPayloadException.Kind.NOT_SINGLE_OBJECT,
                    "not Avro single-object encoding: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new InvalidPayloadException(InvalidPayloadException.Kind.UNDECODABLE, "undecodable Avro datum: " + e, e);
        }
    }
}

package io.vectorline.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.Utf8;

/**
 * Avro's specific data model with one change: a string that is not valid UTF-8 is an
 * {@link InvalidPayloadException} instead of text with U+FFFD in place of the bad bytes, which
 * would be stored as if the producer had sent it.
 */
final class StrictStringData extends SpecificData {
    static final StrictStringData INSTANCE = new StrictStringData();

    private StrictStringData() {
        // both shortcuts read strings without going through the reader below
        setCustomCoders(false);
        setFastReaderEnabled(false);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public DatumReader createDatumReader(Schema writer, Schema reader) {
        return new StrictStringReader<>(writer, reader, this);
    }

    private static final class StrictStringReader<T> extends SpecificDatumReader<T> {
        StrictStringReader(Schema writer, Schema reader, SpecificData data) {
            super(writer, reader, data);
        }

        @Override
        protected Object readString(Object old, Schema expected, Decoder in) throws IOException {
            Utf8 bytes = in.readString(null);
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.getBytes(), 0, bytes.getByteLength()))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new InvalidPayloadException(InvalidPayloadException.Kind.INVALID_UTF8,
                        "a string of " + bytes.getByteLength() + " bytes is not valid UTF-8 (" + e.getMessage() + ")");
            }
        }
    }
}

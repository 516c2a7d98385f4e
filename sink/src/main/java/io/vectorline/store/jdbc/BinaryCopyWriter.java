package io.vectorline.store.jdbc;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Writes PostgreSQL's binary COPY format: a signature header, then per row a field count and
 * length-prefixed fields in each type's binary send format, then a trailer. pgvector's binary
 * {@code vector} is {@code int2 dim, int2 unused, float4 × dim}.
 */
public final class BinaryCopyWriter {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;
    private static final byte JSONB_VERSION = 1;

    private final DataOutputStream out;

    public BinaryCopyWriter(OutputStream out) throws IOException {
        this.out = new DataOutputStream(out);
        this.out.write(SIGNATURE);
        this.out.writeInt(0);
        this.out.writeInt(0);
    }

    public void startRow(int fields) throws IOException {
        out.writeShort(fields);
    }

    public void text(String value) throws IOException {
        if (value == null) {
            nullField();
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    public void jsonb(String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length + 1);
        out.writeByte(JSONB_VERSION);
        out.write(bytes);
    }

    public void bytea(byte[] value) throws IOException {
        if (value == null) {
            nullField();
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    public void int4(int value) throws IOException {
        out.writeInt(4);
        out.writeInt(value);
    }

    public void int8(long value) throws IOException {
        out.writeInt(8);
        out.writeLong(value);
    }

    /** A bigint that may be NULL. */
    public void int8(Long value) throws IOException {
        if (value == null) {
            nullField();
            return;
        }
        int8(value.longValue());
    }

    public void bool(boolean value) throws IOException {
        out.writeInt(1);
        out.writeByte(value ? 1 : 0);
    }

    public void timestamptz(Instant value) throws IOException {
        if (value == null) {
            nullField();
            return;
        }
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond(), 1_000_000L), value.getNano() / 1_000);
        out.writeInt(8);
        out.writeLong(micros - POSTGRES_EPOCH_MICROS);
    }

    public void vector(float[] value) throws IOException {
        if (value == null) {
            nullField();
            return;
        }
        out.writeInt(4 + 4 * value.length);
        out.writeShort(value.length);
        out.writeShort(0);
        for (float v : value) {
            out.writeFloat(v);
        }
    }

    public void nullField() throws IOException {
        out.writeInt(-1);
    }

    public void finish() throws IOException {
        out.writeShort(-1);
        out.flush();
    }
}

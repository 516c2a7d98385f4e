package io.vectorline.job.backfill.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/** Splits in checkpoints: one, or the enumerator's list of those not yet assigned. */
final class ReplaySplitSerializer {
    private static final int VERSION = 1;

    private ReplaySplitSerializer() {}

    static final class One implements SimpleVersionedSerializer<ReplaySplit> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(ReplaySplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public ReplaySplit deserialize(int version, byte[] serialized) throws IOException {
            return read(new DataInputDeserializer(serialized));
        }
    }

    static final class Remaining implements SimpleVersionedSerializer<List<ReplaySplit>> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(List<ReplaySplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64 * splits.size() + 4);
            out.writeInt(splits.size());
            for (ReplaySplit split : splits) {
                write(split, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public List<ReplaySplit> deserialize(int version, byte[] serialized) throws IOException {
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int count = in.readInt();
            List<ReplaySplit> splits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                splits.add(read(in));
            }
            return splits;
        }
    }

    // StringValue: ids and paths may be longer than writeUTF's 64 kB
    private static void write(ReplaySplit split, DataOutputView out) throws IOException {
        StringValue.writeString(split.id(), out);
        StringValue.writeString(split.after(), out);
        out.writeLong(split.read());
    }

    private static ReplaySplit read(DataInputView in) throws IOException {
        return new ReplaySplit(StringValue.readString(in), StringValue.readString(in), in.readLong());
    }
}

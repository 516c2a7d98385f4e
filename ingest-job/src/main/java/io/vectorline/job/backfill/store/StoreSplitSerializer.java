package io.vectorline.job.backfill.store;

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
final class StoreSplitSerializer {
    private static final int VERSION = 1;

    private StoreSplitSerializer() {}

    static final class One implements SimpleVersionedSerializer<StoreSplit> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(StoreSplit split) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64);
            write(split, out);
            return out.getCopyOfBuffer();
        }

        @Override
        public StoreSplit deserialize(int version, byte[] serialized) throws IOException {
            return read(new DataInputDeserializer(serialized));
        }
    }

    static final class Remaining implements SimpleVersionedSerializer<List<StoreSplit>> {
        @Override
        public int getVersion() {
            return VERSION;
        }

        @Override
        public byte[] serialize(List<StoreSplit> splits) throws IOException {
            DataOutputSerializer out = new DataOutputSerializer(64 * splits.size() + 4);
            out.writeInt(splits.size());
            for (StoreSplit split : splits) {
                write(split, out);
            }
            return out.getCopyOfBuffer();
        }

        @Override
        public List<StoreSplit> deserialize(int version, byte[] serialized) throws IOException {
            DataInputDeserializer in = new DataInputDeserializer(serialized);
            int count = in.readInt();
            List<StoreSplit> splits = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                splits.add(read(in));
            }
            return splits;
        }
    }

    // StringValue: tenant and document ids may be longer than writeUTF's 64 kB
    private static void write(StoreSplit split, DataOutputView out) throws IOException {
        StringValue.writeString(split.tenantId(), out);
        StringValue.writeString(split.afterDocId(), out);
        out.writeLong(split.documentsRead());
    }

    private static StoreSplit read(DataInputView in) throws IOException {
        return new StoreSplit(StringValue.readString(in), StringValue.readString(in), in.readLong());
    }
}

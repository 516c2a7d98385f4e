package io.vectorline.job.backfill.source;

import io.vectorline.job.source.JsonlDocuments;
import io.vectorline.job.source.RawRecord;
import io.vectorline.model.RecordOrigin;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON Lines file (the format {@code produce} reads, checked whole before the backfill
 * starts) a page of lines at a time from a byte offset, each line as the record the documents
 * topic would carry. A file has no publish times: its records carry none, so a tombstone in it
 * deletes whatever version is stored, as a live one does.
 */
public final class JsonlPages implements ReplayPages {
    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();

    /** Pages of files, a split per file named by its path. */
    public static Opener opener() {
        return JsonlPages::new;
    }

    private JsonlPages() {}

    @Override
    public List<Entry> next(ReplaySplit split, int size) throws IOException {
        long offset = split.after().isEmpty() ? 0 : Long.parseLong(split.after());
        List<Entry> lines = new ArrayList<>(size);
        try (FileChannel file = FileChannel.open(Path.of(split.id()), StandardOpenOption.READ)) {
            file.position(offset);
            InputStream in = new BufferedInputStream(Channels.newInputStream(file), 1 << 16);
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            long start = offset;
            int next;
            while (lines.size() < size && (next = in.read()) != -1) {
                offset++;
                // lines end as the check before the backfill (BufferedReader) ended them: \n, \r or \r\n
                if (next != '\n' && next != '\r') {
                    line.write(next);
                    continue;
                }
                add(lines, split.id(), start, line, offset);
                line.reset();
                start = offset;
            }
            if (lines.size() < size && line.size() > 0) {
                add(lines, split.id(), start, line, offset); // a last line without a newline
            }
        }
        return lines;
    }

    private void add(List<Entry> lines, String path, long start, ByteArrayOutputStream line, long after)
            throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return;
        }
        JsonlDocuments.Event event = JsonlDocuments.line(text, Instant.now());
        RecordOrigin origin = RecordOrigin.file(path, start);
        lines.add(new Entry(Long.toString(after), new RawRecord(origin.topic(), origin.partition(), origin.offset(),
                RawRecord.NO_TIMESTAMP, keys.encode(event.key()),
                event.value() == null ? null : events.encode(event.value()))));
    }

    @Override
    public void close() {}
}

package io.vectorline.bench.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The final state the producer contract implies for records published in this order: a higher
 * version replaces the stored one, an older or equal one is ignored, a tombstone deletes the
 * document and only a version newer than the deleted one creates it again; poison changes nothing.
 */
final class ExpectedState {
    /** What must be stored of one document: the title tells which of two equal versions won. */
    record Stored(long version, String title) {}

    private ExpectedState() {}

    static Map<DocRef, Stored> of(List<CorpusRecord> records) {
        Map<DocRef, Stored> state = new HashMap<>();
        Map<DocRef, Long> deleted = new HashMap<>();
        for (CorpusRecord record : records) {
            if (record.kind().poison()) {
                continue;
            }
            if (record.kind() == CorpusRecord.Kind.TOMBSTONE) {
                Stored gone = state.remove(record.doc());
                if (gone != null) {
                    deleted.put(record.doc(), gone.version());
                }
                continue;
            }
            Stored current = state.get(record.doc());
            long newest = Math.max(current == null ? Long.MIN_VALUE : current.version(),
                    deleted.getOrDefault(record.doc(), Long.MIN_VALUE));
            if (record.version() > newest) {
                state.put(record.doc(), new Stored(record.version(), record.title()));
            }
        }
        return state;
    }
}

package io.vectorline.job.embed;

import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.embedder.OnnxEmbedder;
import java.util.HashMap;
import java.util.Map;

/**
 * One embedder per model and options in a TaskManager JVM, shared by all subtasks that use it, so
 * its workers match the cores rather than the slots and its model is loaded once. Opened by the
 * first subtask's {@code open()}, closed when the last one releases it: nothing is created in a
 * static initialiser, and a job restarted with a fresh class loader starts from an empty registry.
 */
final class SharedEmbedders {
    private record Key(EmbeddingModel model, EmbedderOptions options) {}

    private static final class Entry {
        final OnnxEmbedder embedder;
        int users;

        Entry(OnnxEmbedder embedder) {
            this.embedder = embedder;
        }
    }

    private static final Map<Key, Entry> OPEN = new HashMap<>();

    private SharedEmbedders() {}

    /** The shared embedder, opened if no one holds it; give it back with {@link Lease#close()}. */
    static Lease acquire(EmbeddingModel model, EmbedderOptions options) {
        Key key = new Key(model, options);
        synchronized (OPEN) {
            Entry entry = OPEN.get(key);
            if (entry == null) {
                entry = new Entry(OnnxEmbedder.open(model, options));
                OPEN.put(key, entry);
            }
            entry.users++;
            return new Lease(key, entry.embedder);
        }
    }

    /** One user's hold on a shared embedder. */
    static final class Lease implements AutoCloseable {
        private final Key key;
        private final OnnxEmbedder embedder;
        private boolean released;

        private Lease(Key key, OnnxEmbedder embedder) {
            this.key = key;
            this.embedder = embedder;
        }

        OnnxEmbedder embedder() {
            return embedder;
        }

        @Override
        public void close() {
            synchronized (OPEN) {
                if (released) {
                    return;
                }
                released = true;
                Entry entry = OPEN.get(key);
                if (--entry.users == 0) {
                    OPEN.remove(key);
                    entry.embedder.close();
                }
            }
        }
    }
}

package io.vectorline.job.embed;

import io.vectorline.model.DocumentRef;
import io.vectorline.store.StoredContent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Stored documents held in memory, for the planner's unit tests; remembers whose chunks were read. */
final class MemoryKnownState implements KnownState {
    private record Stored(StoredContent.StoredDocument document, List<StoredContent.StoredChunk> chunks) {}

    private final Map<DocumentRef, Stored> stored = new HashMap<>();
    final List<DocumentRef> chunksRead = new ArrayList<>();

    void store(DocumentRef ref, long version, byte[] bodyHash, List<byte[]> chunkHashes) {
        List<StoredContent.StoredChunk> chunks = new ArrayList<>();
        for (int i = 0; i < chunkHashes.size(); i++) {
            chunks.add(new StoredContent.StoredChunk(i, chunkHashes.get(i)));
        }
        stored.put(ref, new Stored(new StoredContent.StoredDocument(version, chunks.size(), bodyHash, false), chunks));
    }

    @Override
    public Map<DocumentRef, KnownDocument> documents(Collection<DocumentRef> refs) {
        Map<DocumentRef, KnownDocument> known = new HashMap<>();
        for (DocumentRef ref : refs) {
            Stored document = stored.get(ref);
            if (document != null) {
                known.put(ref, KnownDocument.stored(document.document()));
            }
        }
        return known;
    }

    @Override
    public void loadStoredChunks(Map<DocumentRef, KnownDocument> documents) {
        documents.forEach((ref, document) -> {
            chunksRead.add(ref);
            if (stored.containsKey(ref)) {
                document.loadStoredChunks(stored.get(ref).chunks());
            }
        });
    }
}

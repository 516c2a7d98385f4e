package io.vectorline.bench.faults;

import io.vectorline.bench.embedding.CorpusGenerator;
import io.vectorline.bench.embedding.Document;
import io.vectorline.bench.faults.CorpusRecord.Kind;
import io.vectorline.schema.DocumentEvent;
import io.vectorline.schema.DocumentKey;
import io.vectorline.schema.SingleObjectCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The seeded corpus both runs publish, cut into slices. Slice {@code s} creates the documents of
 * block {@code s} and carries the later events of block {@code s - 1} (updates, stale versions,
 * tombstones, re-creates), so they meet both stored and in-flight state; the last slice also
 * carries its own block's. Poison records are spread evenly over the slices.
 */
final class FaultCorpus {
    private static final long FATE_STREAM = 0x0FA7_E5EEDL;
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final List<Kind> POISON = Arrays.stream(Kind.values()).filter(Kind::poison).toList();

    private final long seed;
    private final int documents;
    private final int tenants;
    private final CorpusGenerator prose;
    private final SingleObjectCodec<DocumentKey> keys = SingleObjectCodec.documentKeys();
    private final SingleObjectCodec<DocumentEvent> events = SingleObjectCodec.documentEvents();
    private final List<List<CorpusRecord>> slices = new ArrayList<>();

    private FaultCorpus(long seed, int documents, int tenants) {
        this.seed = seed;
        this.documents = documents;
        this.tenants = tenants;
        this.prose = new CorpusGenerator(seed, tenants);
    }

    /** {@code poisonCopies} records of every poison kind. */
    static FaultCorpus generate(long seed, int documents, int tenants, int sliceCount, int poisonCopies) {
        if (documents < sliceCount) {
            throw new IllegalArgumentException(documents + " documents cannot fill " + sliceCount + " slices");
        }
        FaultCorpus corpus = new FaultCorpus(seed, documents, tenants);
        for (int s = 0; s < sliceCount; s++) {
            List<CorpusRecord> slice = new ArrayList<>();
            for (int i = blockStart(s, documents, sliceCount); i < blockStart(s + 1, documents, sliceCount); i++) {
                slice.add(corpus.create(i));
            }
            if (s > 0) {
                corpus.addFollowUps(slice, s - 1, sliceCount);
            }
            if (s == sliceCount - 1) {
                corpus.addFollowUps(slice, s, sliceCount);
            }
            corpus.slices.add(slice);
        }
        PoisonRecords poison = new PoisonRecords(seed, corpus.prose.document(0).body());
        List<List<CorpusRecord>> poisonPerSlice = new ArrayList<>();
        for (int s = 0; s < sliceCount; s++) {
            poisonPerSlice.add(new ArrayList<>());
        }
        int j = 0;
        for (int copy = 0; copy < poisonCopies; copy++) {
            for (Kind kind : POISON) {
                poisonPerSlice.get(j++ % sliceCount).add(poison.build(kind, copy));
            }
        }
        for (int s = 0; s < sliceCount; s++) {
            spread(corpus.slices.get(s), poisonPerSlice.get(s));
        }
        return corpus;
    }

    long seed() {
        return seed;
    }

    int documents() {
        return documents;
    }

    int tenants() {
        return tenants;
    }

    List<List<CorpusRecord>> slices() {
        return slices;
    }

    /** Every record in publishing order. */
    List<CorpusRecord> records() {
        return slices.stream().flatMap(List::stream).toList();
    }

    Map<Kind, Integer> counts() {
        Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
        records().forEach(r -> counts.merge(r.kind(), 1, Integer::sum));
        return counts;
    }

    private static int blockStart(int block, int documents, int blocks) {
        return (int) ((long) block * documents / blocks);
    }

    /** What happens to each document after its creation: fixed by the seed and its index. */
    private void addFollowUps(List<CorpusRecord> slice, int block, int blocks) {
        for (int i = blockStart(block, documents, blocks); i < blockStart(block + 1, documents, blocks); i++) {
            Document doc = prose.document(i);
            String title = doc.title();
            double fate = new SplittableRandom(seed ^ FATE_STREAM ^ (i * 0x9E37_79B9_7F4A_7C15L)).nextDouble();
            if (fate < 0.18) {
                slice.add(upsert(Kind.UPDATE_SAME_BODY, i, doc, 2, title, doc.body()));
                if (fate >= 0.12) {
                    slice.add(upsert(Kind.OLDER_VERSION, i, doc, 1, "Older: " + title, prose.edited(doc).body()));
                }
            } else if (fate < 0.36) {
                slice.add(upsert(Kind.UPDATE_EDITED, i, doc, 2, title, prose.edited(doc).body()));
                if (fate >= 0.30) {
                    slice.add(upsert(Kind.EQUAL_VERSION, i, doc, 2, "Equal: " + title, doc.body()));
                }
            } else if (fate < 0.46) {
                slice.add(tombstone(doc));
                if (fate >= 0.41) {
                    slice.add(upsert(Kind.RE_CREATE, i, doc, 1, "Re-created: " + title, prose.edited(doc).body()));
                }
            } else if (fate < 0.50) {
                slice.add(upsert(Kind.UPDATE_EDITED, i, doc, 3, title, prose.edited(doc).body()));
                slice.add(tombstone(doc));
                slice.add(upsert(Kind.RE_CREATE, i, doc, 1, "Re-created: " + title, doc.body()));
            }
        }
    }

    private CorpusRecord create(int index) {
        Document text = prose.document(index);
        return upsert(Kind.CREATE, index, text, 1, text.title(), text.body());
    }

    private CorpusRecord upsert(Kind kind, int index, Document document, long version, String title,
            String body) {
        DocRef doc = ref(document);
        DocumentEvent event = DocumentEvent.newBuilder()
                .setTenantId(doc.tenantId())
                .setDocId(doc.docId())
                .setVersion(version)
                .setTitle(title)
                .setBody(body)
                .setContentType("text/plain")
                .setMetadata(Map.of("version", Long.toString(version), "event", kind.name().toLowerCase()))
                .setSourceUri("https://docs.example/" + doc.tenantId() + "/" + doc.docId())
                // fixed by the document and the event, so both runs store the same event times
                .setEventTime(EPOCH.plusSeconds(index).plusMillis(kind.ordinal() * 10L + version))
                .build();
        return new CorpusRecord(kind, doc, version, title, key(doc), events.encode(event));
    }

    private CorpusRecord tombstone(Document document) {
        DocRef doc = ref(document);
        return new CorpusRecord(Kind.TOMBSTONE, doc, 0, null, key(doc), null);
    }

    private static DocRef ref(Document document) {
        return new DocRef(document.tenantId(), document.docId());
    }

    private byte[] key(DocRef doc) {
        return keys.encode(DocumentKey.newBuilder().setTenantId(doc.tenantId()).setDocId(doc.docId()).build());
    }

    /** Inserts {@code poison} at evenly spaced places of {@code slice}. */
    private static void spread(List<CorpusRecord> slice, List<CorpusRecord> poison) {
        int size = slice.size();
        for (int k = poison.size() - 1; k >= 0; k--) {
            slice.add((int) ((long) (k + 1) * size / (poison.size() + 1)), poison.get(k));
        }
    }
}

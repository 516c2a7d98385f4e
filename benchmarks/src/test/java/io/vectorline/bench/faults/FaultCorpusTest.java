package io.vectorline.bench.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.bench.faults.CorpusRecord.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultCorpusTest {
    private final FaultCorpus corpus = FaultCorpus.generate(42, 400, 20, 4, 1);

    @Test
    void theSameSeedPublishesTheSameBytesInTheSameOrder() {
        List<CorpusRecord> again = FaultCorpus.generate(42, 400, 20, 4, 1).records();
        List<CorpusRecord> records = corpus.records();
        assertThat(again).hasSameSizeAs(records);
        for (int i = 0; i < records.size(); i++) {
            assertThat(again.get(i).key()).isEqualTo(records.get(i).key());
            assertThat(again.get(i).value()).isEqualTo(records.get(i).value());
        }
    }

    @Test
    void everyKindOfEventAndOfPoisonIsInIt() {
        assertThat(corpus.counts()).containsOnlyKeys(Kind.values());
        assertThat(corpus.counts().get(Kind.CREATE)).isEqualTo(400);
        assertThat(corpus.records()).filteredOn(r -> r.kind().poison()).hasSize((int) Arrays.stream(Kind.values())
                .filter(Kind::poison).count());
        assertThat(corpus.records()).anySatisfy(r -> assertThat(r.bytes()).isGreaterThanOrEqualTo(2_000_000));
    }

    @Test
    void aDocumentsLaterEventsFollowItsCreation() {
        Map<DocRef, List<Kind>> perDocument = new HashMap<>();
        corpus.records().stream().filter(r -> r.doc() != null)
                .forEach(r -> perDocument.computeIfAbsent(r.doc(), d -> new ArrayList<>()).add(r.kind()));
        assertThat(perDocument).hasSize(400).allSatisfy((doc, kinds) -> assertThat(kinds.get(0)).isEqualTo(Kind.CREATE));
    }

    @Test
    void theExpectedStateFollowsTheContract() {
        DocRef doc = new DocRef("t", "d");
        assertThat(ExpectedState.of(List.of(upsert(doc, 2, "two"), upsert(doc, 1, "older"), upsert(doc, 2, "equal"))))
                .containsExactly(Map.entry(doc, new ExpectedState.Stored(2, "two")));
        assertThat(ExpectedState.of(List.of(upsert(doc, 3, "three"), tombstone(doc)))).isEmpty();
        assertThat(ExpectedState.of(List.of(upsert(doc, 3, "three"), tombstone(doc), upsert(doc, 3, "again"))))
                .as("not newer than the deleted version").isEmpty();
        assertThat(ExpectedState.of(List.of(upsert(doc, 3, "three"), tombstone(doc), upsert(doc, 4, "again"))))
                .containsExactly(Map.entry(doc, new ExpectedState.Stored(4, "again")));
        assertThat(ExpectedState.of(List.of(CorpusRecord.poison(Kind.INVALID_VERSION, null, null)))).isEmpty();
    }

    private static CorpusRecord upsert(DocRef doc, long version, String title) {
        return new CorpusRecord(Kind.UPDATE_EDITED, doc, version, title, null, null);
    }

    private static CorpusRecord tombstone(DocRef doc) {
        return new CorpusRecord(Kind.TOMBSTONE, doc, 0, null, null, null);
    }
}

package io.vectorline.bench.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CorpusGeneratorTest {
    @Test
    void sameSeedGivesTheSameCorpusAndASmallerCorpusIsAPrefix() {
        List<Document> large = new CorpusGenerator(7, 20).documents(50);
        assertThat(new CorpusGenerator(7, 20).documents(50)).isEqualTo(large);
        assertThat(new CorpusGenerator(7, 20).documents(10)).isEqualTo(large.subList(0, 10));
        assertThat(new CorpusGenerator(8, 20).documents(50)).isNotEqualTo(large);
    }

    @Test
    void documentsAreParagraphsOfProseSeparatedByBlankLines() {
        List<Document> documents = new CorpusGenerator(42, 5).documents(200);
        assertThat(documents).allSatisfy(d -> {
            assertThat(d.paragraphs()).hasSizeBetween(1, 6);
            assertThat(d.body().split("\n\n")).containsExactlyElementsOf(d.paragraphs());
            assertThat(d.paragraphs()).allSatisfy(p -> {
                assertThat(p.split(" ").length).isBetween(40, 140);
                assertThat(p).matches("[A-Z].*[.?]");
            });
        });
        assertThat(documents.stream().map(Document::tenantId).distinct()).hasSize(5);
    }

    @Test
    void anEditChangesExactlyOneParagraphTheSameWayEveryTime() {
        CorpusGenerator corpus = new CorpusGenerator(42, 5);
        IntStream.range(0, 100).mapToObj(corpus::document).forEach(original -> {
            Document edited = corpus.edited(original);
            assertThat(edited).isEqualTo(corpus.edited(original));
            assertThat(edited.docId()).isEqualTo(original.docId());
            assertThat(edited.paragraphs()).hasSameSizeAs(original.paragraphs());
            long changed = IntStream.range(0, original.paragraphs().size())
                    .filter(i -> !original.paragraphs().get(i).equals(edited.paragraphs().get(i)))
                    .count();
            assertThat(changed).isEqualTo(1);
        });
    }
}

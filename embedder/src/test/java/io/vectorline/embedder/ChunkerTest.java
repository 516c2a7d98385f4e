package io.vectorline.embedder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChunkerTest {
    private static final ModelSpec SPEC = EmbeddingModel.DEFAULT.model().spec();
    private static ModelTokenizer tokenizer;

    @BeforeAll
    static void loadTokenizer() {
        tokenizer = new ModelTokenizer(EmbeddingModel.DEFAULT.files(), SPEC.maxTokens());
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    static String longText(int sentences) {
        return IntStream.range(0, sentences)
                .mapToObj(i -> "Sentence " + i + " talks about naïve café owners, déjà vu and the number " + (i * 37)
                        + " — with unbreakable-hyphenated-words and emoji 🚀 too.")
                .collect(Collectors.joining(" "));
    }

    @Test
    void shortTextIsOneChunkHoldingTheWholeText() {
        Chunker chunker = new Chunker(tokenizer, ChunkingOptions.defaults(), SPEC);
        String text = "A short note about pgvector.";
        List<Chunk> chunks = chunker.split(text);
        int contentTokens = tokenizer.countModelTokens(text) - tokenizer.specialTokenCount();
        assertThat(chunks).containsExactly(new Chunk(0, text, contentTokens));
    }

    @Test
    void blankTextHasNoChunks() {
        Chunker chunker = new Chunker(tokenizer, ChunkingOptions.defaults(), SPEC);
        assertThat(chunker.split("  \n ")).isEmpty();
    }

    @Test
    void longTextIsCutIntoNumberedOverlappingWindowsOfWholeWords() {
        String text = longText(60);
        ChunkingOptions options = new ChunkingOptions(64, 8);
        List<Chunk> chunks = new Chunker(tokenizer, options, SPEC).split(text);

        assertThat(chunks).hasSizeGreaterThan(5);
        int searchFrom = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Chunk chunk = chunks.get(i);
            assertThat(chunk.number()).isEqualTo(i);
            assertThat(chunk.tokens()).isBetween(1, 64);
            // the chunk re-tokenizes to exactly the tokens it was cut from, so the model sees all of it
            assertThat(tokenizer.countModelTokens(chunk.text()))
                    .isEqualTo(chunk.tokens() + tokenizer.specialTokenCount());
            int at = text.indexOf(chunk.text(), searchFrom);
            assertThat(at).as("chunk %d is a substring at or after the previous chunk", i).isGreaterThanOrEqualTo(0);
            searchFrom = at + 1;
        }
        assertThat(text).startsWith(chunks.get(0).text()).endsWith(chunks.get(chunks.size() - 1).text());
        for (int i = 1; i < chunks.size(); i++) {
            String previous = chunks.get(i - 1).text();
            String current = chunks.get(i).text();
            int previousEnd = text.indexOf(previous) + previous.length();
            assertThat(text.indexOf(current, text.indexOf(previous))).isLessThan(previousEnd);
        }
    }

    static List<String> paragraphs(int count, String tag) {
        return IntStream.range(0, count)
                .mapToObj(p -> IntStream.range(0, 3 + p % 4)
                        .mapToObj(i -> "Paragraph " + p + tag + " sentence " + i + " explains tenants and vectors.")
                        .collect(Collectors.joining(" ")))
                .toList();
    }

    @Test
    void chunksHoldWholeParagraphsWhileTheyFit() {
        List<String> paragraphs = paragraphs(12, "");
        String text = String.join("\n\n", paragraphs);
        List<Chunk> chunks = new Chunker(tokenizer, new ChunkingOptions(80, 10), SPEC).split(text);

        assertThat(chunks).hasSizeGreaterThan(2);
        for (Chunk chunk : chunks) {
            assertThat(chunk.tokens()).isLessThanOrEqualTo(80);
            assertThat(paragraphs).as("chunk %d starts a paragraph", chunk.number())
                    .anySatisfy(paragraph -> assertThat(chunk.text()).startsWith(paragraph));
            assertThat(paragraphs).as("chunk %d ends a paragraph", chunk.number())
                    .anySatisfy(paragraph -> assertThat(chunk.text()).endsWith(paragraph));
        }
        assertThat(chunks.stream().map(Chunk::text).collect(Collectors.joining("\n\n"))).isEqualTo(text);
    }

    @Test
    void editingOneParagraphChangesOnlyTheChunkThatHoldsIt() {
        List<String> paragraphs = paragraphs(12, "");
        List<String> edited = new java.util.ArrayList<>(paragraphs);
        edited.set(5, paragraphs.get(5).replace("explains", "rewrites"));
        Chunker chunker = new Chunker(tokenizer, new ChunkingOptions(80, 10), SPEC);
        List<String> before = chunker.split(String.join("\n\n", paragraphs)).stream().map(Chunk::text).toList();
        List<String> after = chunker.split(String.join("\n\n", edited)).stream().map(Chunk::text).toList();

        assertThat(after).hasSameSizeAs(before);
        assertThat(after.stream().filter(chunk -> !before.contains(chunk)))
                .singleElement().asString().contains(edited.get(5));
    }

    @Test
    void theSameTextAlwaysGivesTheSameChunks() {
        Chunker chunker = new Chunker(tokenizer, new ChunkingOptions(50, 5), SPEC);
        String text = longText(30);
        assertThat(chunker.split(text)).isEqualTo(chunker.split(text));
    }

    @Test
    void aWordLongerThanAWindowIsCutInside() {
        // WordPiece turns words over 100 characters into [UNK]; this one is 90 characters of pieces
        String word = "qzxv".repeat(22);
        List<Chunk> chunks = new Chunker(tokenizer, new ChunkingOptions(8, 2), SPEC).split("a " + word + " b");
        assertThat(chunks).hasSizeGreaterThan(2);
        assertThat(chunks).allSatisfy(c -> assertThat(c.tokens()).isLessThanOrEqualTo(8));
        assertThat(chunks.get(0).text()).isEqualTo("a");
        assertThat(chunks.get(1).text()).startsWith("qzxv");
        assertThat(chunks.get(chunks.size() - 1).text()).isEqualTo("b");
    }

    @Test
    void chunksLargerThanTheModelReadsAreRefused() {
        assertThatThrownBy(() -> new Chunker(tokenizer, new ChunkingOptions(255, 0), SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use at most 254");
    }
}

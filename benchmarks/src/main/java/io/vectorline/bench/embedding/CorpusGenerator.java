package io.vectorline.bench.embedding;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reproducible English prose: documents of paragraphs separated by blank lines, spread over many
 * tenants. Document {@code i} depends only on the seed and {@code i}, so the same seed gives the
 * same corpus, and a smaller corpus is a prefix of a larger one.
 */
public final class CorpusGenerator {
    /** Weights of 1..6 paragraphs a document: mostly short, so large end-to-end runs stay feasible. */
    private static final int[] PARAGRAPH_WEIGHTS = {45, 30, 10, 7, 5, 3};
    private static final int MIN_PARAGRAPH_WORDS = 40;
    private static final int MAX_PARAGRAPH_WORDS = 120;
    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");
    private static final Pattern A_BEFORE_VOWEL = Pattern.compile("\\b([Aa]) (?=[aeiou])");
    private static final long EDIT_STREAM = 0x5EED_ED17L;

    private final Vocabulary words;
    private final long seed;
    private final int tenants;

    public CorpusGenerator(long seed, int tenants) {
        if (tenants < 1) {
            throw new IllegalArgumentException("tenants must be positive, got " + tenants);
        }
        this.words = Vocabulary.load();
        this.seed = seed;
        this.tenants = tenants;
    }

    /** Documents {@code 0..count-1}. */
    public List<Document> documents(int count) {
        List<Document> documents = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            documents.add(document(i));
        }
        return documents;
    }

    public Document document(int index) {
        SplittableRandom random = random(index, 0);
        String title = capitalize(fill("The {adj} {noun} and the {nouns}", random));
        int paragraphs = 1 + weightedIndex(random, PARAGRAPH_WEIGHTS);
        List<String> body = new ArrayList<>(paragraphs);
        for (int p = 0; p < paragraphs; p++) {
            body.add(paragraph(random));
        }
        return new Document(String.format("tenant-%03d", index % tenants), String.format("doc-%07d", index), index,
                title, List.copyOf(body));
    }

    /** The same document with one paragraph rewritten (which one and how depend only on the seed). */
    public Document edited(Document original) {
        SplittableRandom random = random(original.index(), EDIT_STREAM);
        List<String> paragraphs = new ArrayList<>(original.paragraphs());
        int changed = random.nextInt(paragraphs.size());
        String replacement;
        do {
            replacement = paragraph(random);
        } while (replacement.equals(paragraphs.get(changed)));
        paragraphs.set(changed, replacement);
        return new Document(original.tenantId(), original.docId(), original.index(), original.title(),
                List.copyOf(paragraphs));
    }

    private SplittableRandom random(int index, long stream) {
        // a fresh generator per document: independent of how many documents come before it
        return new SplittableRandom(mix(seed ^ mix(index + 1L) ^ mix(stream)));
    }

    private String paragraph(SplittableRandom random) {
        int target = random.nextInt(MIN_PARAGRAPH_WORDS, MAX_PARAGRAPH_WORDS + 1);
        StringBuilder paragraph = new StringBuilder();
        int count = 0;
        while (count < target) {
            String sentence = capitalize(fill(pick(random, words.templates()), random));
            if (paragraph.length() > 0) {
                paragraph.append(' ');
            }
            paragraph.append(sentence);
            count += sentence.split(" ").length;
        }
        return paragraph.toString();
    }

    private String fill(String template, SplittableRandom random) {
        Matcher slot = SLOT.matcher(template);
        StringBuilder out = new StringBuilder();
        while (slot.find()) {
            slot.appendReplacement(out, Matcher.quoteReplacement(word(slot.group(1), random)));
        }
        slot.appendTail(out);
        return A_BEFORE_VOWEL.matcher(out).replaceAll("$1n ");
    }

    private String word(String slot, SplittableRandom random) {
        return switch (slot) {
            case "noun" -> pick(random, words.nouns())[0];
            case "nouns" -> pick(random, words.nouns())[1];
            case "verb" -> pick(random, words.verbs())[0];
            case "verbs" -> pick(random, words.verbs())[1];
            case "verbed" -> pick(random, words.verbs())[2];
            case "adj" -> pick(random, words.adjectives());
            case "adv" -> pick(random, words.adverbs());
            case "when" -> pick(random, words.whens());
            default -> throw new IllegalStateException("unknown template slot {" + slot + "}");
        };
    }

    private static <T> T pick(SplittableRandom random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private static int weightedIndex(SplittableRandom random, int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** SplitMix64's finaliser: nearby seeds give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

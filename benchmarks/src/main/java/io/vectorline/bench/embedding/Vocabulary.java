package io.vectorline.bench.embedding;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed word lists and sentence templates ({@code prose.txt}) the corpus is made of:
 * ordinary English words, so the tokenizer splits them as it splits real prose.
 */
record Vocabulary(
        List<String[]> nouns, List<String[]> verbs, List<String> adjectives, List<String> adverbs,
        List<String> whens, List<String> templates) {

    private static final String RESOURCE = "prose.txt";

    static Vocabulary load() {
        InputStream in = Vocabulary.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException(RESOURCE + " is missing from the classpath");
        }
        Map<String, List<String>> sections = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> current = null;
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new ArrayList<>());
                } else if (current != null) {
                    current.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new Vocabulary(
                forms(section(sections, "noun"), 2),
                forms(section(sections, "verb"), 3),
                section(sections, "adj"),
                section(sections, "adv"),
                section(sections, "when"),
                section(sections, "template"));
    }

    private static List<String> section(Map<String, List<String>> sections, String name) {
        List<String> lines = sections.get(name);
        if (lines == null || lines.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " has no [" + name + "] section");
        }
        return List.copyOf(lines);
    }

    private static List<String[]> forms(List<String> lines, int count) {
        List<String[]> forms = new ArrayList<>(lines.size());
        for (String line : lines) {
            String[] parts = line.split(":");
            if (parts.length != count) {
                throw new IllegalStateException(RESOURCE + ": '" + line + "' needs " + count + " forms");
            }
            forms.add(parts);
        }
        return List.copyOf(forms);
    }
}

package io.vectorline.bench.embedding;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The results as markdown: machine, command, corpus, then one section per measurement. */
final class Report {
    private final StringBuilder md = new StringBuilder();

    Report(Machine machine, String command) {
        md.append("# Embedding speed\n\n")
                .append("Measured ").append(LocalDate.now()).append(" on ").append(machine.oneLine()).append(".\n\n")
                .append("Command: `").append(command).append("`\n\n");
    }

    void corpus(long seed, int tenants, Passages passages) {
        long paragraphs = passages.documents().stream().mapToLong(d -> d.paragraphs().size()).sum();
        md.append("## Corpus\n\n")
                .append(String.format("Generated English prose (seed %d, %d tenants; documents of 1–6 paragraphs of"
                        + " 40–120 words): %,d documents, %,d paragraphs. Cut by Vectorline's `Chunker` at %d tokens,"
                        + " overlap %d, into %,d passages of %,d content tokens (%.1f a passage; +2 for [CLS]/[SEP]"
                        + " = LangChain4j's 128-token cut, so every variant embeds the same tokens).%n%n",
                        seed, tenants, passages.documents().size(), paragraphs,
                        Passages.CHUNKING.chunkTokens(), Passages.CHUNKING.overlapTokens(),
                        passages.texts().size(), passages.contentTokens(),
                        (double) passages.contentTokens() / passages.texts().size()));
    }

    void sideBySide(Map<EmbeddingVariant, SideBySide.Measured> measured, int rounds, Passages passages,
            List<Agreement> agreements) {
        md.append("## Embedding only: the same passages, side by side\n\n")
                .append("One JVM, variants alternating, median of ").append(rounds).append(" rounds.\n\n")
                .append("| variant | what it runs | median s | tokens/s | passages/s | coverage | same vectors every round |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (SideBySide.Measured m : measured.values()) {
            long contentEmbedded = m.tokens() - 2L * m.passages();
            md.append(String.format("| %s | %s | %.2f | %,.0f | %.1f | %s | %s |%n", m.variant().name(),
                    m.variant().description(), m.medianSeconds(), m.tokensPerSecond(), m.passagesPerSecond(),
                    percent((double) contentEmbedded / passages.contentTokens()), m.stableAcrossRounds() ? "yes" : "no"));
        }
        md.append("\nTokens are counted from each variant's own tokenizer output, [CLS] and [SEP] included;"
                + " coverage = content tokens embedded / content tokens of the passages.\n\n");
        for (Agreement agreement : agreements) {
            md.append(String.format("Vectors %s vs %s: min cosine %.7f, median %.7f, bit-identical %,d of %,d.%n%n",
                    agreement.left(), agreement.right(), agreement.stats().minCosine(),
                    agreement.stats().medianCosine(), agreement.stats().identical(), agreement.stats().total()));
        }
    }

    void ratios(List<String> lines) {
        md.append("Ratios of tokens/s, each the median of the ratios within a round: ").append(String.join("; ", lines)).append(".\n\n");
    }

    void coverage(List<Coverage> rows) {
        md.append("## Coverage: handed whole paragraphs and documents\n\n")
                .append("The same corpus, not pre-cut. LangChain4j's shipped `tokenizer.json` cuts every text at 128"
                        + " tokens, so the rest of a longer text is silently not embedded; Vectorline chunks first.\n\n")
                .append("| variant | input | texts | content tokens in the texts | content tokens embedded | coverage |\n")
                .append("|---|---|---|---|---|---|\n");
        for (Coverage row : rows) {
            md.append(String.format("| %s | %s | %,d | %,d | %,d | %s |%n", row.variant(), row.input(), row.texts(),
                    row.corpusTokens(), row.embeddedTokens(), percent(row.share())));
        }
        md.append('\n');
    }

    void endToEnd(List<EndToEndResult> results, double embedderTokensPerSecond, String childDescription) {
        md.append("## End to end: Kafka -> Flink -> PostgreSQL\n\n")
                .append("The real job (`vectorline run`, ").append(childDescription).append(") in a child JVM on"
                        + " its embedded Flink cluster; a fresh database and topic per size, the corpus published"
                        + " before the job starts. Wall = from starting the child JVM until every document is stored."
                        + " Steady = what lands after the first documents are seen stored, over the time until the"
                        + " last (job start-up and the first flush excluded): documents/s and chunks/s are measured,"
                        + " tokens/s = chunks/s x the corpus's tokens per chunk. Peak RSS = the child's VmHWM; live heap ="
                        + " heap in use after a full collection (jcmd GC.run), what the job keeps.\n\n")
                .append("| documents | chunks | tokens | wall s | steady window s | documents/s | tokens/s | (d)/(b) |"
                        + " peak RSS after ingest | live heap after ingest | peak RSS at end |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (EndToEndResult r : results) {
            md.append(String.format("| %,d | %,d | %,d | %.1f | %.1f | %s | %s | %s | %,d MiB | %,d MiB | %,d MiB |%n",
                    r.documents(), r.toEmbed().chunks(), r.toEmbed().tokens(), r.wallSeconds(), r.steady().seconds(),
                    rate(r.documentsPerSecond(), "%.1f"), rate(r.tokensPerSecond(), "%,.0f"),
                    rate(r.tokensPerSecond() / embedderTokensPerSecond, "%.2f"),
                    r.peakRssAfterIngestKiB() >> 10, r.liveHeapAfterIngestKiB() >> 10, r.peakRssAtEndKiB() >> 10));
        }
        if (results.size() > 1) {
            EndToEndResult small = results.get(0);
            EndToEndResult large = results.get(results.size() - 1);
            md.append(String.format("%nPeak RSS after ingest, %,d vs %,d documents: %,d vs %,d MiB, ratio %.2f.%n",
                    small.documents(), large.documents(), small.peakRssAfterIngestKiB() >> 10,
                    large.peakRssAfterIngestKiB() >> 10,
                    (double) large.peakRssAfterIngestKiB() / small.peakRssAfterIngestKiB()));
            md.append(String.format("Live heap after ingest, %,d vs %,d documents: %,d vs %,d MiB.%n",
                    small.documents(), large.documents(), small.liveHeapAfterIngestKiB() >> 10,
                    large.liveHeapAfterIngestKiB() >> 10));
        }
        md.append('\n');
        for (EndToEndResult r : results) {
            if (!r.ingestCounters().isEmpty()) {
                md.append(String.format("Job counters after the first ingest of %,d documents: %s.%n%n",
                        r.documents(), counters(r.ingestCounters())));
            }
            if (r.laterPhases().isEmpty()) {
                continue;
            }
            md.append(String.format("### Publishing the %,d documents again, to the running job%n%n", r.documents()))
                    .append("Timed from the start of publishing until every document is stored at the new version;"
                            + " % = of the first ingest's time at its steady rate (documents / steady documents/s)."
                            + " Chunks changed = what a job that skips unchanged chunks must embed again.\n\n")
                    .append("| phase | s | publishing s | % of first ingest | chunks changed | job counters |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (EndToEndResult.Phase p : r.laterPhases()) {
                md.append(String.format("| %s (version %d) | %.1f | %.1f | %s | %,d of %,d | %s |%n", p.name(),
                        p.version(), p.seconds(), p.publishSeconds(),
                        rate(100 * p.seconds() / r.steadyIngestSeconds(), "%.0f %%"),
                        p.leastToEmbed().chunks(), r.toEmbed().chunks(),
                        p.counterDeltas().isEmpty() ? "not exposed" : counters(p.counterDeltas())));
            }
            md.append('\n');
        }
    }

    void chart(String pngName) {
        md.append("![tokens/s per variant](").append(pngName).append(")\n");
    }

    String markdown() {
        return md.toString();
    }

    /** Vectors of two variants for the same passages. */
    record Agreement(String left, String right, Stats.Agreement stats) {}

    private static String counters(Map<String, Long> counters) {
        return counters.entrySet().stream()
                .map(e -> String.format("%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** A rate, or why there is none (everything landed in one flush, so no window to divide by). */
    private static String rate(double value, String format) {
        return Double.isFinite(value) ? String.format(format, value) : "n/a (one flush)";
    }

    private static String percent(double share) {
        return String.format("%.1f %%", 100 * share);
    }
}

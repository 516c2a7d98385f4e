package io.vectorline.bench.embedding;

import io.vectorline.bench.Median;
import io.vectorline.embedder.ModelTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * (a), (b) and (c) on the same passages, then (b) and (c) handed whole paragraphs and documents;
 * each into its section of the report.
 */
final class EmbeddingOnly {
    /**
     * @param byVariant tokens per second of each variant, in the order of the report's table
     * @param embedder (b)'s tokens per second, which the job end to end is set against
     */
    record Rates(Map<String, Double> byVariant, double embedder) {}

    private EmbeddingOnly() {}

    static Rates measure(Report report, Passages cut, ModelTokenizer tokenizer, int slice, int threads, int rounds) {
        // (b) first: it creates ONNX Runtime's environment on its guarded thread
        try (VectorlineEmbedderVariant vectorline = new VectorlineEmbedderVariant(slice, tokenizer);
                PlainOrtLoop plain = new PlainOrtLoop(threads);
                LangChain4jVariant langChain4j = new LangChain4jVariant(slice)) {
            List<EmbeddingVariant> variants = List.of(plain, vectorline, langChain4j);
            Map<EmbeddingVariant, SideBySide.Measured> measured = SideBySide.run(variants, cut.texts(), rounds);
            SideBySide.Measured a = measured.get(plain);
            SideBySide.Measured b = measured.get(vectorline);
            SideBySide.Measured c = measured.get(langChain4j);
            report.sideBySide(measured, rounds, cut, List.of(
                    new Report.Agreement("(a)", "(b)", Stats.Agreement.of(a.vectors(), b.vectors())),
                    new Report.Agreement("(a)", "(c)", Stats.Agreement.of(a.vectors(), c.vectors()))));
            List<String> ratios = List.of(ratio("(b)/(a)", b, a), ratio("(b)/(c)", b, c));
            Map<String, Double> rates = new LinkedHashMap<>();
            for (SideBySide.Measured m : measured.values()) {
                rates.put(m.variant().name(), m.tokensPerSecond());
            }

            System.err.println("coverage: whole paragraphs and documents through LangChain4j and Vectorline");
            List<Coverage> coverage = new ArrayList<>(Coverage.ofLangChain4j(langChain4j, cut, tokenizer));
            coverage.add(Coverage.ofVectorline(vectorline.name(), cut, tokenizer));
            report.ratios(ratios);
            report.coverage(coverage);
            return new Rates(rates, b.tokensPerSecond());
        }
    }

    /**
     * The median over rounds of the ratio within each round: the two ran back to back there, so
     * the machine's drift between rounds cancels out.
     */
    private static String ratio(String label, SideBySide.Measured numerator, SideBySide.Measured denominator) {
        double[] perRound = new double[numerator.seconds().length];
        for (int r = 0; r < perRound.length; r++) {
            perRound[r] = (numerator.tokens() / numerator.seconds()[r]) / (denominator.tokens() / denominator.seconds()[r]);
        }
        return String.format("%s = %.2f (per round %s)", label, Median.of(perRound),
                Arrays.stream(perRound).mapToObj(x -> String.format("%.2f", x)).collect(Collectors.joining(", ")));
    }
}

package io.vectorline.embedder;

import ai.djl.huggingface.tokenizers.Encoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Texts of one embed call that run in one session call.
 *
 * @param indices positions of the texts in the call
 * @param encodings their encodings, when the caller tokenized them (batched layout); else null and
 *     the session tokenizes each text
 */
record EmbeddingTask(int[] indices, Encoding[] encodings) {
    /** Embeds the task's texts and puts their vectors at their positions. */
    void runOn(ModelSession session, List<String> texts, float[][] vectors) {
        List<Encoding> batch = new ArrayList<>(indices.length);
        for (int k = 0; k < indices.length; k++) {
            batch.add(encodings != null ? encodings[k] : session.encode(texts.get(indices[k])));
        }
        float[][] batchVectors = session.run(batch);
        for (int k = 0; k < indices.length; k++) {
            vectors[indices[k]] = batchVectors[k];
        }
    }

    static List<EmbeddingTask> oneTextEach(int texts) {
        return IntStream.range(0, texts).mapToObj(i -> new EmbeddingTask(new int[] {i}, null)).toList();
    }

    /** Sorted by length, so a batch wastes little on padding; cut where the padded size would exceed the budget. */
    static List<EmbeddingTask> batches(List<String> texts, ModelTokenizer tokenizer, int batchTokens) {
        Encoding[] encodings = texts.stream().map(tokenizer::encodeForModel).toArray(Encoding[]::new);
        int[] byLength = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> encodings[i].getIds().length))
                .mapToInt(Integer::intValue)
                .toArray();
        List<EmbeddingTask> tasks = new ArrayList<>();
        int from = 0;
        for (int to = 0; to < byLength.length; to++) {
            long padded = (long) (to - from + 1) * encodings[byLength[to]].getIds().length;
            if (padded > batchTokens && to > from) {
                tasks.add(of(Arrays.copyOfRange(byLength, from, to), encodings));
                from = to;
            }
        }
        tasks.add(of(Arrays.copyOfRange(byLength, from, byLength.length), encodings));
        return tasks;
    }

    private static EmbeddingTask of(int[] indices, Encoding[] encodings) {
        return new EmbeddingTask(indices, Arrays.stream(indices).mapToObj(i -> encodings[i]).toArray(Encoding[]::new));
    }
}

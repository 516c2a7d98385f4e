package io.vectorline.embedder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The model's own tokenizer (DJL's binding of HuggingFace tokenizers), in two configurations that
 * override whatever truncation and padding the shipped {@code tokenizer.json} sets (the
 * all-MiniLM artifacts cut at 128 tokens and pad to 128, which would silently drop text):
 * <ul>
 *   <li>model input: special tokens added, cut at the model's limit, never padded;</li>
 *   <li>chunking: the whole text, no special tokens, with word ids and character spans.</li>
 * </ul>
 */
public final class ModelTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer forModel;
    private final HuggingFaceTokenizer forChunking;
    private final int maxTokens;
    private final int specialTokens;

    public ModelTokenizer(ModelFiles files, int maxTokens) {
        this.maxTokens = maxTokens;
        byte[] json = readTokenizer(files);
        this.forModel = load(json, Map.of(
                "addSpecialTokens", "true", "truncation", "true", "padding", "false",
                "maxLength", Integer.toString(maxTokens)), files);
        this.forChunking = load(json, Map.of(
                "addSpecialTokens", "false", "truncation", "false", "padding", "false"), files);
        this.specialTokens = forModel.encode("").getIds().length;
    }

    /** Token ids, attention mask and type ids for one text, at most {@code maxTokens} long. */
    public Encoding encodeForModel(String text) {
        return forModel.encode(text);
    }

    /** The whole text's tokens, without special tokens, for splitting into chunks. */
    public Encoding encodeForChunking(String text) {
        return forChunking.encode(text);
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** Tokens a text takes as model input, special tokens included, before any cut. */
    public int countModelTokens(String text) {
        return forChunking.encode(text).getIds().length + specialTokens;
    }

    /** [CLS] and [SEP] for BERT-style models: measured at load, not assumed. */
    public int specialTokenCount() {
        return specialTokens;
    }

    @Override
    public void close() {
        forModel.close();
        forChunking.close();
    }

    private static byte[] readTokenizer(ModelFiles files) {
        try (InputStream in = files.openTokenizer()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer from " + files.describe(), e);
        }
    }

    private static HuggingFaceTokenizer load(byte[] json, Map<String, String> options, ModelFiles files) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot load tokenizer of " + files.describe() + ": " + e.getMessage(), e);
        }
    }
}

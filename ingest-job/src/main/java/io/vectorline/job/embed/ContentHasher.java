package io.vectorline.job.embed;

import io.vectorline.embedder.ChunkingOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of the model id, the chunking settings and a text. Equal hashes of a body mean equal
 * chunks; equal hashes of a chunk mean an equal vector.
 */
final class ContentHasher {
    private final MessageDigest digest;
    private final byte[] prefix;

    ContentHasher(String modelId, ChunkingOptions chunking) {
        this.prefix = (modelId + '\u0000' + chunking.chunkTokens() + '\u0000' + chunking.overlapTokens() + '\u0000')
                .getBytes(StandardCharsets.UTF_8);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    byte[] hash(String text) {
        digest.update(prefix);
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }
}

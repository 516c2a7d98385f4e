package io.vectorline.store;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * The tables one model's documents and chunks live in; every statement of the store names them
 * through this, so a store can hold more than one set.
 */
public record StoreTables(String documents, String chunks) implements Serializable {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public static final StoreTables DEFAULT = new StoreTables("documents", "chunks");

    /**
     * The version each deleted document had (migration V10), so replayed older versions do not
     * bring it back: one table for every set, since a deletion is of the document, not of a model's chunks.
     */
    public static final String DELETIONS = "document_deletions";

    public StoreTables {
        for (String name : new String[] {documents, chunks}) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plain lower-case table name: " + name);
            }
        }
    }
}

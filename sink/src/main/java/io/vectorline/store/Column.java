package io.vectorline.store;

import io.vectorline.store.jdbc.BinaryCopyWriter;
import java.io.IOException;
import java.util.function.Function;

/**
 * One column of a row layout: its name, its SQL type, and how a row's value is written to binary
 * COPY. Key columns identify a row (the conflict target of upserts).
 */
public record Column<T>(String name, String type, boolean key, Column.Field<T> field) {
    /** Writes one field of a row. */
    @FunctionalInterface
    public interface Field<T> {
        void write(BinaryCopyWriter rows, T row) throws IOException;
    }

    public static <T> Column<T> key(String name, String type, Field<T> field) {
        return new Column<>(name, type + " NOT NULL", true, field);
    }

    public static <T> Column<T> of(String name, String type, Field<T> field) {
        return new Column<>(name, type, false, field);
    }

    /** This column over a part of a larger row; written as NULL where that row has no such part. */
    <R> Column<R> over(Function<R, T> part) {
        return new Column<>(name, type, key, (rows, row) -> {
            T value = part.apply(row);
            if (value == null) {
                rows.nullField();
            } else {
                field.write(rows, value);
            }
        });
    }
}

package io.vectorline.store;

import io.vectorline.store.jdbc.BinaryCopyWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The columns of a row in order: the one definition from which a table's column list, its
 * staging DDL, its COPY statement and its binary row encoder are all derived, so they cannot
 * disagree.
 */
public final class RowLayout<T> {
    private final List<Column<T>> columns;

    @SafeVarargs
    public RowLayout(List<Column<T>>... parts) {
        List<Column<T>> all = new ArrayList<>();
        for (List<Column<T>> part : parts) {
            all.addAll(part);
        }
        this.columns = List.copyOf(all);
    }

    /** These columns over a part of a larger row (NULL where it has none). */
    public <R> List<Column<R>> over(Function<R, T> part) {
        return columns.stream().map(column -> column.<R>over(part)).toList();
    }

    /** {@code a, b, c}, each name after {@code prefix} (e.g. {@code "s."}). */
    public String names(String prefix) {
        return columns.stream().map(column -> prefix + column.name()).collect(Collectors.joining(", "));
    }

    public String names() {
        return names("");
    }

    /** The key columns, e.g. the conflict target {@code tenant_id, doc_id}. */
    public String keyNames() {
        return columns.stream().filter(Column::key).map(Column::name).collect(Collectors.joining(", "));
    }

    /** {@code SET}-list that takes every non-key column from {@code excluded}. */
    public String assignExcluded() {
        return columns.stream().filter(column -> !column.key())
                .map(column -> column.name() + " = excluded." + column.name())
                .collect(Collectors.joining(", "));
    }

    /** Column definitions for {@code CREATE TABLE}. */
    public String definitions() {
        return columns.stream().map(column -> column.name() + " " + column.type()).collect(Collectors.joining(", "));
    }

    public String copyInto(String table) {
        return "COPY " + table + " (" + names() + ") FROM STDIN (FORMAT binary)";
    }

    public void write(BinaryCopyWriter rows, T row) throws IOException {
        rows.startRow(columns.size());
        for (Column<T> column : columns) {
            column.field().write(rows, row);
        }
    }
}

package io.vectorline.sink.internal;

import io.vectorline.store.FlushStatements;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreTables;
import io.vectorline.store.jdbc.ConnectionFactory;
import io.vectorline.store.jdbc.RetryPolicy;
import io.vectorline.store.jdbc.RetryingTransactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collection;

/**
 * Applies a flush of {@link PendingWrites} in one transaction: binary COPY into two staging
 * tables, then the set-based merge of the store's layout ({@link FlushStatements}). A failure
 * rolls everything back, so a retry or a replay from the last checkpoint lands the whole flush or
 * nothing; replaying a flush changes nothing. Transient failures are waited out on a new
 * connection ({@link RetryingTransactions}); others fail at once. While flushes hold only new
 * documents (a first load), they skip staging and COPY straight into the tables.
 */
public final class VectorStoreWriter implements AutoCloseable {
    private static final String UNIQUE_VIOLATION = "23505";

    private final FlushStatements statements;
    private final RetryingTransactions transactions;
    /** Whether flushes so far found their documents new; the first one that did not turns this off. */
    private boolean appendWorks;
    private long appendedFlushes;
    private long mergedFlushes;

    /** {@code appendWhenNew}: whether flushes of new documents may skip staging. */
    public VectorStoreWriter(ConnectionFactory connections, RetryPolicy retry, StoreLayout layout,
            StoreTables tables, boolean appendWhenNew) {
        this.statements = FlushStatements.of(layout, tables);
        this.transactions = new RetryingTransactions(connections, retry, statements.onConnect());
        this.appendWorks = appendWhenNew;
    }

    /** Applies all pending writes atomically, waiting out transient failures. */
    public void apply(Collection<PendingWrites.Pending> documents) throws SQLException {
        if (documents.isEmpty()) {
            return;
        }
        boolean appended = transactions.run("applying " + documents.size() + " documents",
                connection -> applyIn(connection, documents));
        if (appended) {
            appendedFlushes++;
        } else {
            mergedFlushes++;
        }
    }

    /** Returns whether the writes were appended rather than merged. */
    private boolean applyIn(Connection connection, Collection<PendingWrites.Pending> documents) throws SQLException {
        DocumentLocks.lock(connection, documents);
        if (appendWorks && documents.stream().allMatch(PendingWrites.Pending::standsAloneAsNew)) {
            if (tryAppend(connection, documents)) {
                return true;
            }
            appendWorks = false;
        }
        merge(connection, statements, documents);
        return false;
    }

    /** Flushes committed by COPY straight into the tables. */
    public long appendedFlushes() {
        return appendedFlushes;
    }

    /** Flushes committed through staging and merge. */
    public long mergedFlushes() {
        return mergedFlushes;
    }

    /**
     * The append path for first loads: COPY straight into the tables, skipping staging and merge.
     * A document that already exists violates a primary key; then the attempt is rolled back to
     * its savepoint and the caller merges instead. So does a document with a recorded deletion,
     * which may have been committed since the flush was planned: only the merge weighs it.
     */
    private boolean tryAppend(Connection connection, Collection<PendingWrites.Pending> documents)
            throws SQLException {
        if (anyDeleted(connection, documents)) {
            return false;
        }
        Savepoint beforeAppend = connection.setSavepoint();
        try {
            StagedRows.copyDocuments(connection, statements.appendDocuments(), documents);
            StagedRows.copyChunks(connection, statements.appendChunks(), documents);
            connection.releaseSavepoint(beforeAppend);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(beforeAppend);
            return false;
        }
    }

    /** Whether a deletion is recorded for any of the documents' tenants and ids (a superset: each pair is not checked). */
    private static boolean anyDeleted(Connection connection, Collection<PendingWrites.Pending> documents)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT EXISTS (SELECT 1 FROM "
                + StoreTables.DELETIONS + " WHERE tenant_id = ANY(?) AND doc_id = ANY(?))")) {
            select.setArray(1, connection.createArrayOf("text",
                    documents.stream().map(p -> p.ref().tenantId()).distinct().toArray(String[]::new)));
            select.setArray(2, connection.createArrayOf("text",
                    documents.stream().map(p -> p.ref().docId()).distinct().toArray(String[]::new)));
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Stages and merges in the connection's open transaction; does not commit. */
    static void merge(Connection connection, FlushStatements layoutStatements,
            Collection<PendingWrites.Pending> documents) throws SQLException {
        FlushStatements statements = layoutStatements.forTenants(documents);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements.beforeCopy()) {
                statement.execute(sql);
            }
            StagedRows.copyStagedDocuments(connection, statements.copyStagedDocuments(), documents);
            StagedRows.copyChunks(connection, statements.copyStagedChunks(), documents);
            for (String sql : statements.merge()) {
                statement.execute(sql);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        transactions.close();
    }
}

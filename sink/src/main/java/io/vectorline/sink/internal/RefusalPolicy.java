package io.vectorline.sink.internal;

import io.vectorline.model.DocumentRef;
import io.vectorline.model.DocumentWrite;
import io.vectorline.store.jdbc.SqlFailure;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a flush so that a data error (never retried) refuses only what causes it: the flush is
 * split in halves, each applied atomically, until every refused document stands alone; a refused
 * document folded from several writes is applied write by write, and only the writes the database
 * refuses are refused. A later version that keeps chunks of a refused write is applied folded over
 * it ({@link RefusedWrites}). A flush whose documents are all refused fails instead: that is the
 * table's fault, not the data's.
 */
final class RefusalPolicy {
    /** A flush of at least this many documents, all refused, fails instead. */
    static final int ALL_REFUSED_IS_NOT_THE_DATA = 10;

    private final VectorStoreWriter store;
    private final RefusedWrites refusedWrites = new RefusedWrites();

    RefusalPolicy(VectorStoreWriter store) {
        this.store = store;
    }

    /** Applies the documents; returns the writes refused, the rest are stored. */
    List<Refusal> apply(Collection<PendingWrites.Pending> documents) throws SQLException {
        List<PendingWrites.Pending> toApply = documents.stream().map(refusedWrites::resolve).toList();
        List<Refusal> bad = bisect(toApply);
        if (bad.size() == toApply.size() && toApply.size() >= ALL_REFUSED_IS_NOT_THE_DATA) {
            SQLException first = bad.get(0).reason();
            throw new SQLException("the database refused every one of the " + bad.size() + " documents of this"
                    + " flush, which points at the table rather than the documents: " + first.getMessage(),
                    first.getSQLState(), first);
        }
        Set<DocumentRef> refused = bad.stream().map(refusal -> refusal.document().ref()).collect(Collectors.toSet());
        toApply.stream().filter(document -> !refused.contains(document.ref())).forEach(refusedWrites::stored);
        List<Refusal> refusals = new ArrayList<>();
        for (Refusal refusal : bad) {
            if (refusal.document().writes().size() > 1) {
                refusals.addAll(applyWriteByWrite(refusal.document()));
            } else {
                refusals.add(remember(refusal));
            }
        }
        return refusals;
    }

    /** A checkpoint's flush is done. */
    void checkpointFlushed() {
        refusedWrites.checkpointFlushed();
    }

    /** A refused document folded from several writes: applies them in order, refusing only the bad ones. */
    private List<Refusal> applyWriteByWrite(PendingWrites.Pending folded) throws SQLException {
        List<Refusal> refusals = new ArrayList<>();
        for (DocumentWrite write : folded.writes()) {
            PendingWrites.Pending single = refusedWrites.resolve(PendingWrites.Pending.of(write));
            List<Refusal> bad = bisect(List.of(single));
            if (bad.isEmpty()) {
                refusedWrites.stored(single);
            } else {
                refusals.add(remember(bad.get(0)));
            }
        }
        return refusals;
    }

    private Refusal remember(Refusal refusal) {
        refusedWrites.refused(refusal.document());
        return refusal;
    }

    /** Applies the documents, splitting on data errors until each refused one stands alone. */
    private List<Refusal> bisect(List<PendingWrites.Pending> documents) throws SQLException {
        try {
            store.apply(documents);
            return List.of();
        } catch (SQLException e) {
            if (SqlFailure.classify(e) != SqlFailure.DATA) {
                throw e;
            }
            if (documents.size() == 1) {
                // the database's own error, not the wrapper that counts attempts
                SQLException reason = e.getCause() instanceof SQLException database ? database : e;
                return List.of(new Refusal(documents.get(0), reason));
            }
            int half = documents.size() / 2;
            List<Refusal> refused = new ArrayList<>(bisect(documents.subList(0, half)));
            refused.addAll(bisect(documents.subList(half, documents.size())));
            return refused;
        }
    }
}

package io.vectorline.bench.faults;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run's database holds. The connection is opened afresh after it broke: the database is
 * restarted, killed and stopped under this reader.
 */
final class StoredState implements AutoCloseable {
    private static final int EXAMPLES = 5;

    /** The stored documents against the corpus's final state, and the chunks against their documents. */
    record CorpusCheck(int expected, int stored, int missing, int unexpected, int otherVersionOrTitle,
            long chunkCountMismatches, long orphanChunks, List<String> examples) {
        boolean matches() {
            return stored == expected && missing == 0 && unexpected == 0 && otherVersionOrTitle == 0
                    && chunkCountMismatches == 0 && orphanChunks == 0;
        }

        String summary() {
            return String.format("%,d documents stored of %,d expected: %,d missing, %,d unexpected, %,d at another"
                    + " version or title; %,d documents whose chunk_count is not their number of chunks, %,d chunks"
                    + " without a document", stored, expected, missing, unexpected, otherVersionOrTitle,
                    chunkCountMismatches, orphanChunks);
        }
    }

    private final String jdbcUrl;
    private Connection connection;

    StoredState(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    /**
     * Whether a document was written after {@code since} ({@code updated_at} is the writing
     * transaction's start); false while the database cannot be asked or has no tables yet.
     */
    boolean writtenAfter(Instant since) {
        try (PreparedStatement query = connection().prepareStatement(
                "SELECT EXISTS (SELECT 1 FROM documents WHERE updated_at > ?)")) {
            query.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            drop();
            return false;
        }
    }

    CorpusCheck check(Map<DocRef, ExpectedState.Stored> expected) throws SQLException {
        try {
            return read(expected);
        } catch (SQLException e) {
            drop();
            throw e;
        }
    }

    private CorpusCheck read(Map<DocRef, ExpectedState.Stored> expected) throws SQLException {
        Connection c = connection();
        Map<DocRef, ExpectedState.Stored> stored = new HashMap<>();
        try (Statement statement = c.createStatement();
                ResultSet rs = statement.executeQuery("SELECT tenant_id, doc_id, version, title FROM documents")) {
            while (rs.next()) {
                stored.put(new DocRef(rs.getString(1), rs.getString(2)),
                        new ExpectedState.Stored(rs.getLong(3), rs.getString(4)));
            }
        }
        List<String> examples = new ArrayList<>();
        int missing = 0;
        int other = 0;
        for (Map.Entry<DocRef, ExpectedState.Stored> e : expected.entrySet()) {
            ExpectedState.Stored found = stored.get(e.getKey());
            if (found == null) {
                missing++;
                example(examples, e.getKey() + " missing, expected " + e.getValue());
            } else if (!found.equals(e.getValue())) {
                other++;
                example(examples, e.getKey() + " is " + found + ", expected " + e.getValue());
            }
        }
        Set<DocRef> unexpected = new HashSet<>(stored.keySet());
        unexpected.removeAll(expected.keySet());
        unexpected.stream().limit(EXAMPLES).forEach(ref -> example(examples, ref + " stored, expected absent"));
        long chunkCounts = count(c, "SELECT count(*) FROM documents d WHERE d.chunk_count <> (SELECT count(*)"
                + " FROM chunks c WHERE c.tenant_id = d.tenant_id AND c.doc_id = d.doc_id)");
        long orphans = count(c, "SELECT count(*) FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM documents d"
                + " WHERE d.tenant_id = c.tenant_id AND d.doc_id = c.doc_id)");
        return new CorpusCheck(expected.size(), stored.size(), missing, unexpected.size(), other, chunkCounts, orphans,
                List.copyOf(examples));
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < EXAMPLES) {
            examples.add(example);
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = Databases.connect(jdbcUrl);
        }
        return connection;
    }

    private void drop() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // it is broken already
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        drop();
    }
}

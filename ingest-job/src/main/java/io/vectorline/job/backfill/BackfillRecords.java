package io.vectorline.job.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The store's table of backfills ({@code backfills}, migration V9): each one's plan as it first
 * started, and its summary once finished. A running backfill holds a session advisory lock on its
 * name, which the database releases when the holder's connection ends, even after {@code kill -9}.
 */
public final class BackfillRecords {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<Integer, Long>> OFFSETS = new TypeReference<>() {};

    /**
     * A backfill as recorded.
     *
     * @param from the {@code --from} given, or null
     * @param to the {@code --to} given, or null
     * @param finishedAt null while unfinished
     * @param summary the summary as JSON, once finished
     */
    public record Recorded(BackfillPlan plan, String from, String to, Instant startedAt, Instant finishedAt,
            String summary) {
        public boolean finished() {
            return finishedAt != null;
        }

        /**
         * Whether a command with these options is this backfill run again: {@code source} as
         * {@link #source} names it, before a plan resolves a range.
         */
        public boolean sameAs(String source, Set<String> tenants, String from, String to) {
            return sourceName(plan).equals(source) && plan.tenants().equals(tenants)
                    && Objects.equals(this.from, from) && Objects.equals(this.to, to);
        }

        /** What it reads, for people. */
        public String source() {
            return plan instanceof TopicPlan topicPlan
                    ? topicPlan.topic() + " from " + topicPlan.start() + " to " + topicPlan.end()
                    : sourceName(plan);
        }
    }

    /** What a plan reads, without its range: a topic, {@code the store}, or {@code files …}. */
    public static String sourceName(BackfillPlan plan) {
        return sourceName(plan instanceof TopicPlan topicPlan ? topicPlan.topic() : null,
                plan instanceof FilePlan filePlan ? filePlan.files() : List.of());
    }

    /** A topic, else files, else the store. */
    public static String sourceName(String topic, List<String> files) {
        if (topic != null) {
            return topic;
        }
        return files.isEmpty() ? "the store" : "files " + String.join(", ", files);
    }

    /** Values of {@code backfills.source}. */
    private static final String TOPIC = "topic";
    private static final String STORE = "store";
    private static final String FILES = "files";

    private final ConnectionFactory connections;

    public BackfillRecords(ConnectionFactory connections) {
        this.connections = connections;
    }

    public Optional<Recorded> find(String name) throws SQLException {
        return select("WHERE name = ?", name).stream().findFirst();
    }

    public List<Recorded> all() throws SQLException {
        return select("ORDER BY started_at", null);
    }

    /** Records a new plan; {@code from} and {@code to} as given (null unless it reads the topic). */
    public void record(BackfillPlan plan, String from, String to) throws SQLException {
        TopicPlan topicPlan = plan instanceof TopicPlan topic ? topic : null;
        try (Connection connection = connections.open();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO backfills (name, source, topic, tenants, from_bound, to_bound, start_offsets,
                                               end_offsets, group_id, records, files)
                        VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)""")) {
            insert.setString(1, plan.name());
            insert.setString(2, topicPlan != null ? TOPIC : plan instanceof FilePlan ? FILES : STORE);
            insert.setString(3, topicPlan != null ? topicPlan.topic() : null);
            insert.setArray(4, connection.createArrayOf("text", plan.tenants().stream().sorted().toArray()));
            insert.setString(5, from);
            insert.setString(6, to);
            insert.setString(7, topicPlan != null ? json(topicPlan.start()) : null);
            insert.setString(8, topicPlan != null ? json(topicPlan.end()) : null);
            insert.setString(9, plan.groupId());
            if (topicPlan != null) {
                insert.setNull(10, Types.BIGINT);
            } else {
                insert.setLong(10, plan.total());
            }
            insert.setArray(11, connection.createArrayOf("text",
                    plan instanceof FilePlan filePlan ? filePlan.files().toArray() : new Object[0]));
            insert.executeUpdate();
        }
    }

    public void finish(String name, String summaryJson) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE backfills SET finished_at = now(), summary = ?::jsonb WHERE name = ?")) {
            update.setString(1, summaryJson);
            update.setString(2, name);
            update.executeUpdate();
        }
    }

    /** The name's lock, held until closed; fails when another process holds it. */
    public Hold hold(String name) throws SQLException {
        Connection connection = connections.open();
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_try_advisory_lock(hashtextextended('vectorline-backfill:' || ?, 0))")) {
            lock.setString(1, name);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw new IllegalStateException("backfill " + name + " is already running");
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection::close;
    }

    /** A held name; closing releases it. */
    public interface Hold extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    /** Whether some process holds the name's lock now. */
    public boolean running(String name) throws SQLException {
        try (Hold held = hold(name)) {
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private List<Recorded> select(String where, String name) throws SQLException {
        try (Connection connection = connections.open();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT name, topic, tenants, from_bound, to_bound, start_offsets::text, end_offsets::text,
                               started_at, finished_at, summary::text, group_id, source, records, files
                        FROM backfills
                        """ + where)) {
            if (name != null) {
                select.setString(1, name);
            }
            List<Recorded> recorded = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    Array tenants = rs.getArray(3);
                    Set<String> tenantSet = Set.of((String[]) tenants.getArray());
                    BackfillPlan plan = switch (rs.getString(12)) {
                        case STORE -> new StorePlan(rs.getString(1), rs.getString(11), tenantSet, rs.getLong(13));
                        case FILES -> new FilePlan(rs.getString(1), rs.getString(11),
                                List.of((String[]) rs.getArray(14).getArray()), rs.getLong(13));
                        default -> new TopicPlan(rs.getString(1), rs.getString(11), rs.getString(2),
                                offsets(rs.getString(6)), offsets(rs.getString(7)), tenantSet);
                    };
                    Timestamp finished = rs.getTimestamp(9);
                    recorded.add(new Recorded(plan, rs.getString(4), rs.getString(5), rs.getTimestamp(8).toInstant(),
                            finished == null ? null : finished.toInstant(), rs.getString(10)));
                }
            }
            return recorded;
        }
    }

    private static String json(Map<Integer, Long> offsets) {
        try {
            return JSON.writeValueAsString(offsets);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Integer, Long> offsets(String json) {
        try {
            return JSON.readValue(json, OFFSETS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable offsets in table backfills: " + json, e);
        }
    }
}

package io.vectorline.cli;

import io.vectorline.job.backfill.BackfillDone;
import io.vectorline.job.backfill.BackfillPositions;
import io.vectorline.job.backfill.BackfillRanges;
import io.vectorline.job.backfill.BackfillRecords;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/** {@code vectorline backfill status}: the backfills the store knows, with where each one is. */
final class BackfillStatus {
    private static final String UNDEFINED_TABLE = "42P01";

    private BackfillStatus() {}

    static void print(String bootstrapServers, String jdbcUrl, PrintWriter out) throws Exception {
        BackfillRecords records = new BackfillRecords(ConnectionFactory.of(jdbcUrl));
        List<BackfillRecords.Recorded> backfills;
        try {
            backfills = records.all();
        } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw e;
            }
            out.println("no backfill has run against this store (it has no table backfills yet)");
            out.flush();
            return;
        }
        out.printf("%-24s %-10s %-22s %-9s %s%n", "NAME", "STATE", "DONE", "PERCENT", "SOURCE / TENANTS");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            BackfillDone doneOf = new BackfillDone(new BackfillRanges(admin),
                    new BackfillPositions(ConnectionFactory.of(jdbcUrl)));
            for (BackfillRecords.Recorded backfill : backfills) {
                long total = backfill.plan().total();
                long done = backfill.finished() ? total : Math.min(total, doneOf.of(backfill.plan()));
                String state = backfill.finished() ? "finished" : records.running(backfill.plan().name()) ? "running"
                        : "stopped";
                out.printf("%-24s %-10s %-22s %8.1f%% %s / %s%n", backfill.plan().name(), state,
                        String.format("%,d/%,d", done, total), total == 0 ? 100.0 : 100.0 * done / total,
                        backfill.source(), backfill.plan().tenants().isEmpty() ? "all tenants"
                                : String.join(",", backfill.plan().tenants()));
            }
        }
        out.flush();
    }
}

package io.vectorline.cli;

import io.vectorline.job.backfill.BackfillRanges;
import io.vectorline.job.backfill.BackfillRecords;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the backfills the store knows, with where each one is. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List backfills: range, tenants, position (records done of the range), running or not.")
final class BackfillStatusCommand implements Callable<Integer> {
    @Mixin
    KafkaOption kafka = new KafkaOption();

    @Mixin
    DatabaseOption database = new DatabaseOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        BackfillRecords records = new BackfillRecords(ConnectionFactory.of(database.jdbcUrl));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-24s %-10s %-22s %-9s %s%n", "NAME", "STATE", "DONE", "PERCENT", "TOPIC / TENANTS / RANGE");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers))) {
            BackfillRanges ranges = new BackfillRanges(admin);
            for (BackfillRecords.Recorded backfill : records.all()) {
                long total = backfill.plan().records();
                long done = backfill.finished() ? total : total - backfill.plan().remaining(ranges.position(backfill.plan()));
                String state = backfill.finished() ? "finished" : records.running(backfill.plan().name()) ? "running"
                        : "stopped";
                out.printf("%-24s %-10s %-22s %8.1f%% %s / %s / %s to %s%n", backfill.plan().name(), state,
                        String.format("%,d/%,d", done, total), total == 0 ? 100.0 : 100.0 * done / total,
                        backfill.plan().topic(), backfill.plan().tenants().isEmpty() ? "all tenants"
                                : String.join(",", backfill.plan().tenants()),
                        backfill.plan().start(), backfill.plan().end());
            }
        }
        return 0;
    }
}

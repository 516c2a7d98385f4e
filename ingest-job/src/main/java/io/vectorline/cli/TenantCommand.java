package io.vectorline.cli;

import io.vectorline.store.Tenants;
import io.vectorline.store.jdbc.PgConnections;
import java.io.PrintWriter;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Whole tenants: where they live, erasure, and on Citus a shard of their own on a chosen worker. */
@Command(name = "tenant", mixinStandardHelpOptions = true,
        description = "List tenants with where they live; erase one everywhere; on Citus, isolate one to a shard of"
                + " its own or place its shard on a chosen worker. Safe while the job runs: moved shards block"
                + " writes while they copy, and the job waits.")
final class TenantCommand implements Callable<Integer> {
    enum Action { list, erase, isolate, place }

    @Parameters(index = "0", paramLabel = "list|erase|isolate|place", description = "What to do.")
    Action action;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TENANT", description = "The tenant (all but list).")
    String tenant;

    @Option(names = "--node", paramLabel = "HOST:PORT", description = "The worker to place the tenant on (place).")
    String node;

    @Mixin
    DatabaseOption database = new DatabaseOption();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (action != Action.list && (tenant == null || tenant.isBlank())) {
            throw new IllegalArgumentException(action + " needs a TENANT");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (Connection connection = PgConnections.open(database.jdbcUrl)) {
            Tenants tenants = new Tenants(connection);
            switch (action) {
                case list -> {
                    out.printf("%-24s %10s %10s  %s%n", "tenant", "documents", "chunks", "lives in");
                    tenants.list().forEach(p -> out.printf("%-24s %10d %10d  %s%n", p.tenantId(), p.documents(),
                            p.chunks(), p.location()));
                }
                case erase -> {
                    Tenants.Erasure erasure = tenants.erase(tenant);
                    out.printf("erased %d rows of tenant %s%n", erasure.erased(), tenant);
                    erasure.before().forEach((place, rows) -> out.printf("  %-40s %8d -> %d%n", place, rows,
                            erasure.after().getOrDefault(place, 0L)));
                }
                case isolate -> out.printf("tenant %s now has shard %d to itself: %s%n", tenant,
                        tenants.isolate(tenant), tenants.location(tenant));
                case place -> {
                    if (node == null || node.lastIndexOf(':') < 1) {
                        throw new IllegalArgumentException("place needs --node HOST:PORT, got " + node);
                    }
                    int colon = node.lastIndexOf(':');
                    String from = tenants.place(tenant, node.substring(0, colon),
                            Integer.parseInt(node.substring(colon + 1)));
                    out.printf("tenant %s moved from shard %s to %s%n", tenant, from, tenants.location(tenant));
                }
            }
        }
        return 0;
    }
}

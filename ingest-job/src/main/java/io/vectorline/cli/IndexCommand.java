package io.vectorline.cli;

import io.vectorline.store.VectorIndexes;
import io.vectorline.store.jdbc.ConnectionFactory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Builds or drops the HNSW indexes, one per partition (one node) or shard (Citus), without blocking writes. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Build or drop the HNSW indexes on chunks.embedding, partition by partition (shard by shard"
                + " on Citus), concurrently, printing progress."
                + " Load first, build after: maintaining HNSW during a bulk load is far slower.")
final class IndexCommand implements Callable<Integer> {
    enum Action { build, drop }

    @Parameters(paramLabel = "build|drop", description = "What to do.")
    Action action;

    @Mixin
    DatabaseOption database = new DatabaseOption();

    @Option(names = "--m", description = "HNSW links per node (default: ${DEFAULT-VALUE}).")
    int m = VectorIndexes.HnswSettings.defaults().m();

    @Option(names = "--ef-construction", description = "HNSW build candidates (default: ${DEFAULT-VALUE}).")
    int efConstruction = VectorIndexes.HnswSettings.defaults().efConstruction();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        ConnectionFactory connections = ConnectionFactory.of(database.jdbcUrl);
        PrintWriter out = spec.commandLine().getOut();
        List<String> indexes = action == Action.build
                ? VectorIndexes.build(connections, new VectorIndexes.HnswSettings(m, efConstruction), progress -> {
                    out.printf("%s built (%.0f s)%n", progress, (System.nanoTime() - started) / 1e9);
                    out.flush();
                })
                : VectorIndexes.drop(connections);
        out.printf("%s %d indexes in %.1f s: %s%n", action == Action.build ? "built" : "dropped",
                indexes.size(), (System.nanoTime() - started) / 1e9, String.join(", ", indexes));
        return 0;
    }
}

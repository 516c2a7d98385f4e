package io.vectorline.cli;

import io.vectorline.embedder.EmbedderOptions;
import io.vectorline.embedder.OnnxEmbedder;
import io.vectorline.store.ChunkSearch;
import io.vectorline.store.jdbc.PgConnections;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Embeds a query with the ingest model and prints one tenant's nearest chunks. */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search one tenant's chunks.")
final class SearchCommand implements Callable<Integer> {
    @Mixin
    DatabaseOption database = new DatabaseOption();

    @Option(names = "--tenant", required = true, description = "Tenant whose documents are searched.")
    String tenant;

    @Option(names = "--k", description = "Results (default: ${DEFAULT-VALUE}).")
    int k = 5;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "The query.")
    List<String> words;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (OnnxEmbedder embedder = OnnxEmbedder.open(model.resolve(), EmbedderOptions.defaults());
                Connection connection = PgConnections.open(database.jdbcUrl)) {
            SearchPrinter.search(embedder, new ChunkSearch(connection), tenant, String.join(" ", words), k,
                    spec.commandLine().getOut());
        }
        return 0;
    }
}

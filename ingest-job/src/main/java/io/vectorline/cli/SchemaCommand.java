package io.vectorline.cli;

import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.sink.StoreSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Creates the tables for a model, ahead of the job (the job also does it on first start). */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Create the pgvector tables, hash-partitioned by tenant_id, for the model's dimension.")
final class SchemaCommand implements Callable<Integer> {
    @Mixin
    DatabaseOption database = new DatabaseOption();

    @Option(names = "--partitions", description = "Hash partitions per table (default: ${DEFAULT-VALUE}).")
    int partitions = StoreSettings.DEFAULT_PARTITIONS;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EmbeddingModel embeddingModel = model.resolve();
        SchemaSetup.apply(database.jdbcUrl, embeddingModel, partitions);
        spec.commandLine().getOut().printf("tables ready for %s (%d dimensions, %d partitions)%n",
                embeddingModel.spec().id(), embeddingModel.spec().dimensions(), partitions);
        return 0;
    }
}

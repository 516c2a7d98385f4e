package io.vectorline.cli;

import io.vectorline.embedder.EmbeddingModel;
import io.vectorline.job.StoreSetup;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Creates or migrates the tables for a model and records it, as the job's client does before it submits the job. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Create the pgvector tables for the model's dimension: hash-partitioned by tenant_id, or"
                + " distributed by tenant_id on a Citus coordinator.")
final class SchemaCommand implements Callable<Integer> {
    @Mixin
    DatabaseOption database = new DatabaseOption();

    @Option(names = "--partitions", description = "Hash partitions per table (default: ${DEFAULT-VALUE}).")
    int partitions = StoreSettings.DEFAULT_PARTITIONS;

    @Mixin
    LayoutOption layout = new LayoutOption();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EmbeddingModel embeddingModel = model.resolve();
        StoreLayout created = StoreSetup.prepare(database.jdbcUrl,
                new StoreSettings(embeddingModel.spec().dimensions(), partitions, layout.choice), embeddingModel.spec());
        spec.commandLine().getOut().printf("tables ready for %s (%d dimensions, %s)%n",
                embeddingModel.spec().id(), embeddingModel.spec().dimensions(),
                created == StoreLayout.CITUS ? "distributed by Citus" : partitions + " partitions");
        return 0;
    }
}

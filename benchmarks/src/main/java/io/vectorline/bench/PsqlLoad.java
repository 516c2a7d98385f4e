package io.vectorline.bench;

import io.vectorline.store.FlushStatements;
import io.vectorline.store.StagingTables;
import io.vectorline.store.StoreLayout;
import io.vectorline.store.StoreRows;
import io.vectorline.store.StoreTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * psql as the yardstick: either the exact statements a Vectorline flush runs (binary COPY into
 * the same staging tables, the same merge), or a raw binary {@code \copy} straight into the
 * tables, the fastest load PostgreSQL offers. One transaction per batch, as the sink does.
 */
record PsqlLoad(boolean sameStatements, PsqlFiles files) implements LoadMethod {
    private static final FlushStatements MERGE = FlushStatements.of(StoreLayout.ONE_NODE, StoreTables.DEFAULT);

    @Override
    public String name() {
        return sameStatements ? "psql, the sink's statements" : "psql raw binary \\copy";
    }

    @Override
    public String description() {
        return sameStatements
                ? "\\copy into the same staging tables + the same merge statements, per batch"
                : "\\copy (FORMAT binary) straight into documents and chunks, per batch";
    }

    @Override
    public void load(BenchDatabase database, SinkRows rows) throws Exception {
        StringBuilder script = new StringBuilder();
        if (sameStatements) {
            MERGE.onConnect().forEach(sql -> script.append(sql).append(";\n"));
        }
        for (int b = 0; b < files.batches; b++) {
            script.append("BEGIN;\n");
            if (sameStatements) {
                copy(script, StagingTables.ONE_NODE_DOCUMENTS, StoreRows.STAGED_DOCUMENT.names(), files.stagedDocuments(b));
                copy(script, StagingTables.ONE_NODE_CHUNKS, StoreRows.CHUNK.names(), files.chunks(b));
                MERGE.merge().forEach(sql -> script.append(sql).append(";\n"));
            } else {
                copy(script, StoreTables.DEFAULT.documents(), StoreRows.DOCUMENT.names(), files.documents(b));
                copy(script, StoreTables.DEFAULT.chunks(), StoreRows.CHUNK.names(), files.chunks(b));
            }
            script.append("COMMIT;\n");
        }
        Path scriptFile = Files.createTempFile("vectorline-bench-", ".sql");
        Files.writeString(scriptFile, script);
        try {
            Process psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", scriptFile.toString(),
                    database.libpqUri())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(psql.getInputStream().readAllBytes());
            if (!psql.waitFor(30, TimeUnit.MINUTES) || psql.exitValue() != 0) {
                throw new IllegalStateException("psql failed: " + output);
            }
        } finally {
            Files.delete(scriptFile);
        }
    }

    private static void copy(StringBuilder script, String table, String columns, Path file) {
        script.append("\\copy ").append(table).append(" (").append(columns).append(") FROM '").append(file)
                .append("' WITH (FORMAT binary)\n");
    }
}

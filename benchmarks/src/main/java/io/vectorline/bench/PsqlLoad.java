package io.vectorline.bench;

import io.vectorline.sink.FlushStatements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * psql as the yardstick: either the exact statements a Vectorline flush runs (binary COPY into
 * the same staging tables, the same merge), or a raw binary {@code \copy} straight into the
 * tables, the fastest load PostgreSQL offers. One transaction per batch, as the sink does.
 */
record PsqlLoad(boolean sameStatements, PsqlFiles files) implements LoadMethod {
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
            FlushStatements.ONE_NODE.onConnect().forEach(sql -> script.append(sql).append(";\n"));
        }
        for (int b = 0; b < files.batches; b++) {
            script.append("BEGIN;\n");
            if (sameStatements) {
                copy(script, "vl_stage_documents", PsqlFiles.STAGED_DOCUMENT_COLUMNS, files.stagedDocuments(b));
                copy(script, "vl_stage_chunks", PsqlFiles.CHUNK_COLUMNS, files.chunks(b));
                FlushStatements.ONE_NODE.merge().forEach(sql -> script.append(sql).append(";\n"));
            } else {
                copy(script, "documents", PsqlFiles.DOCUMENT_COLUMNS, files.documents(b));
                copy(script, "chunks", PsqlFiles.CHUNK_COLUMNS, files.chunks(b));
            }
            script.append("COMMIT;\n");
        }
        Path scriptFile = Files.createTempFile("vectorline-bench-", ".sql");
        Files.writeString(scriptFile, script);
        try {
            Process psql = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", scriptFile.toString(),
                    libpqUri(database.url))
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

    /** jdbc:postgresql://host:port/db?user=u&password=p → postgresql://host:port/db?user=u&password=p */
    static String libpqUri(String jdbcUrl) {
        return jdbcUrl.substring("jdbc:".length());
    }
}

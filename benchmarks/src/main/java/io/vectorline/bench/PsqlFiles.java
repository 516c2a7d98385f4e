package io.vectorline.bench;

import io.vectorline.model.DocumentUpsert;
import io.vectorline.store.StoreRows;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * The same rows as binary COPY files, one set per batch, for psql to load: exported by
 * PostgreSQL itself from a copy of the data, so psql reads exactly what the server would send.
 */
final class PsqlFiles {
    final Path dir;
    final int batches;

    private PsqlFiles(Path dir, int batches) {
        this.dir = dir;
        this.batches = batches;
    }

    Path documents(int batch) {
        return dir.resolve("documents-" + batch + ".bin");
    }

    Path stagedDocuments(int batch) {
        return dir.resolve("staged-documents-" + batch + ".bin");
    }

    Path chunks(int batch) {
        return dir.resolve("chunks-" + batch + ".bin");
    }

    static PsqlFiles export(String adminUrl, SinkRows rows) throws Exception {
        Path dir = Files.createTempDirectory("vectorline-bench-");
        PsqlFiles files = new PsqlFiles(dir, rows.batches().size());
        try (BenchDatabase source = BenchDatabase.create(adminUrl, "vl_bench_source", rows.dimensions(), false)) {
            new VectorlineSinkLoad(true).load(source, rows);
            try (Connection connection = DriverManager.getConnection(source.url())) {
                for (int b = 0; b < files.batches; b++) {
                    List<DocumentUpsert> batch = rows.batches().get(b);
                    String range = "doc_id BETWEEN '" + batch.get(0).docId() + "' AND '"
                            + batch.get(batch.size() - 1).docId() + "' ORDER BY doc_id";
                    copyOut(connection, "SELECT " + StoreRows.DOCUMENT.names() + " FROM documents WHERE " + range,
                            files.documents(b));
                    // a staged row is a stored one with delete_first = false and upsert = true after the key
                    copyOut(connection, "SELECT " + StoreRows.STAGED_DOCUMENT.names().replace("delete_first, upsert",
                            "false, true") + " FROM documents WHERE " + range, files.stagedDocuments(b));
                    copyOut(connection, "SELECT " + StoreRows.CHUNK.names() + " FROM chunks WHERE " + range + ", chunk_no",
                            files.chunks(b));
                }
            }
        }
        return files;
    }

    private static void copyOut(Connection connection, String query, Path file) throws SQLException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyOut("COPY (" + query + ") TO STDOUT (FORMAT binary)", out);
        }
    }

    void delete() throws IOException {
        try (var paths = Files.list(dir)) {
            for (Path path : paths.toList()) {
                Files.delete(path);
            }
        }
        Files.delete(dir);
    }
}

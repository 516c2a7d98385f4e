package io.vectorline.bench;

import io.vectorline.sink.DocumentWrite;
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
    static final String DOCUMENT_COLUMNS =
            "tenant_id, doc_id, version, title, metadata, source_uri, event_time, chunk_count, content_hash";
    static final String STAGED_DOCUMENT_COLUMNS = "tenant_id, doc_id, delete_first, upsert, version, title, metadata,"
            + " source_uri, event_time, chunk_count, content_hash";
    static final String CHUNK_COLUMNS =
            "tenant_id, doc_id, chunk_no, version, model_id, content, content_hash, embedding";

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
            try (Connection connection = DriverManager.getConnection(source.url)) {
                for (int b = 0; b < files.batches; b++) {
                    List<DocumentWrite> batch = rows.batches().get(b);
                    String range = "doc_id BETWEEN '" + batch.get(0).docId() + "' AND '"
                            + batch.get(batch.size() - 1).docId() + "' ORDER BY doc_id";
                    copyOut(connection, "SELECT " + DOCUMENT_COLUMNS + " FROM documents WHERE " + range,
                            files.documents(b));
                    copyOut(connection, "SELECT tenant_id, doc_id, false, true, version, title, metadata, source_uri,"
                            + " event_time, chunk_count, content_hash FROM documents WHERE " + range, files.stagedDocuments(b));
                    copyOut(connection, "SELECT " + CHUNK_COLUMNS + " FROM chunks WHERE " + range + ", chunk_no",
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

package io.vectorline.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vectorline.testing.TestServices;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Versioned migrations, applied once however many job instances start together. */
class StoreSchemaIT {
    @Test
    void manyInstancesMigratingAtOnceApplyEachVersionOnce() throws Exception {
        String url = TestServices.freshDatabase("migrate");
        int instances = 6;
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Callable<Void>> starts = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                starts.add(() -> {
                    StoreSchema.migrate(url, new StoreSettings(384, 8));
                    return null;
                });
            }
            for (Future<Void> start : pool.invokeAll(starts)) {
                start.get();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT string_agg(version, ',' ORDER BY installed_rank), bool_and(success)
                        FROM vectorline_schema_history WHERE version IS NOT NULL""")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(shippedVersions());
            assertThat(rs.getBoolean(2)).isTrue();
        }
    }

    /** The versions of the module's migration scripts, in order, e.g. "1,2,3". */
    private static String shippedVersions() throws Exception {
        Path dir = Path.of("src/main/resources/db/vectorline");
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .sorted()
                    .map(String::valueOf)
                    .collect(Collectors.joining(","));
        }
    }

    @Test
    void migratesADatabaseThatAlreadyHoldsOtherTables() throws Exception {
        String url = TestServices.freshDatabase("baseline");
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE someone_elses (id int)");
        }
        StoreSchema.migrate(url, new StoreSettings(8, 2));
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM pg_inherits WHERE inhparent = 'chunks'::regclass")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }
}

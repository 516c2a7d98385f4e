package io.vectorline.bench.faults;

import io.vectorline.bench.BenchDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** One database per run beside the admin database, and connections that give up instead of hanging. */
final class Databases {
    private Databases() {}

    /** Drops {@code name} if it exists and creates it empty: the job creates its tables. Returns its URL. */
    static String recreate(String adminUrl, String name) throws SQLException {
        drop(adminUrl, name);
        try (Connection admin = connect(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        return BenchDatabase.withDatabase(adminUrl, name);
    }

    static void drop(String adminUrl, String name) throws SQLException {
        try (Connection admin = connect(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    static Connection connect(String url) throws SQLException {
        Properties timeouts = new Properties();
        timeouts.setProperty("connectTimeout", "5");
        timeouts.setProperty("socketTimeout", "120");
        return DriverManager.getConnection(url, timeouts);
    }
}

package io.vectorline.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A Citus cluster for integration tests, one per test JVM, found in this order:
 * <ol>
 *   <li>given: {@code VECTORLINE_TEST_CITUS_URL}, the JDBC URL of a database on a coordinator whose
 *       workers are registered (they are read from its metadata and reached at the same address);</li>
 *   <li>a local installation ({@code deploy/local/citus.sh install --source DIR}), started with
 *       {@code citus.sh start};</li>
 *   <li>Testcontainers where a Docker engine answers ({@link CitusContainers}).</li>
 * </ol>
 * Each test asks for its own database, created on every node with the citus extension and the
 * workers registered with the coordinator.
 */
public final class CitusCluster {
    public static final String UNAVAILABLE = "no Citus cluster: set VECTORLINE_TEST_CITUS_URL to a coordinator,"
            + " install Citus with deploy/local/citus.sh install --source DIR, or run where a Docker engine answers";
    private static final String GIVEN_URL = "VECTORLINE_TEST_CITUS_URL";

    /** A node: where the coordinator reaches it, and a JDBC URL to its {@code postgres} database from here. */
    record Node(String host, int port, String adminUrl) {}

    private static CitusCluster cluster;
    private static Boolean localInstalled;

    private final Node coordinator;
    private final List<Node> workers;

    CitusCluster(Node coordinator, List<Node> workers) {
        this.coordinator = coordinator;
        this.workers = List.copyOf(workers);
    }

    /** For {@code @EnabledIf}: whether a Citus cluster can be had. */
    public static boolean available() {
        return System.getenv(GIVEN_URL) != null || localInstalled() || TestServices.dockerAvailable();
    }

    /** Whether the cluster is the local one of {@code deploy/local/citus.sh}, which tests may restart. */
    public static boolean local() {
        return System.getenv(GIVEN_URL) == null && localInstalled();
    }

    /**
     * A new database on the cluster with the citus extension on every node and the workers
     * registered; its JDBC URL (on the coordinator) carries the superuser's credentials.
     */
    public static synchronized String freshDatabase(String purpose) {
        return cluster().createDatabase(purpose, cluster().workers.size());
    }

    /**
     * A new database as {@link #freshDatabase} makes, with only the first worker registered; the
     * others hold the database and join with {@link #addOtherWorkers}, as new workers would.
     */
    public static synchronized String freshDatabaseOnOneWorker(String purpose) {
        if (cluster().workers.size() < 2) {
            throw new IllegalStateException("the Citus cluster has fewer than two workers");
        }
        return cluster().createDatabase(purpose, 1);
    }

    /** Registers the workers {@link #freshDatabaseOnOneWorker} left out; returns how many. */
    public static synchronized int addOtherWorkers(String databaseUrl) throws SQLException {
        List<Node> others = cluster().workers.subList(1, cluster().workers.size());
        try (Connection connection = DriverManager.getConnection(databaseUrl);
                Statement statement = connection.createStatement()) {
            for (Node worker : others) {
                statement.execute("SELECT citus_add_node('" + worker.host() + "', " + worker.port() + ")");
            }
        }
        return others.size();
    }

    private static CitusCluster cluster() {
        if (cluster == null) {
            cluster = find();
        }
        return cluster;
    }

    /** Restarts worker {@code n} (1-based) with {@code -m immediate}; only on the local cluster. */
    public static void restartWorker(int n) {
        if (!local()) {
            throw new IllegalStateException("only the local cluster of deploy/local/citus.sh can be restarted");
        }
        TestServices.runLocal("citus.sh", "restart-worker", Integer.toString(n));
    }

    private static synchronized boolean localInstalled() {
        if (localInstalled == null) {
            localInstalled = TestServices.localScriptSucceeds("citus.sh", "installed");
        }
        return localInstalled;
    }

    private static CitusCluster find() {
        String given = System.getenv(GIVEN_URL);
        if (given == null && localInstalled()) {
            given = TestServices.runLocalScript("citus.sh", "start", "url");
        }
        return given != null ? fromCoordinator(given) : CitusContainers.start();
    }

    /** The cluster behind a coordinator's database: its workers as its metadata lists them. */
    private static CitusCluster fromCoordinator(String url) {
        URI address = URI.create(url.substring("jdbc:".length()));
        Node coordinator = new Node(address.getHost(), address.getPort(), TestServices.withDatabase(url, "postgres"));
        List<Node> workers = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT nodename, nodeport FROM pg_dist_node
                        WHERE groupid <> 0 AND noderole = 'primary' ORDER BY nodeport""")) {
            while (rs.next()) {
                String host = rs.getString(1);
                int port = rs.getInt(2);
                workers.add(new Node(host, port, coordinator.adminUrl()
                        .replace("//" + address.getHost() + ":" + address.getPort() + "/", "//" + host + ":" + port + "/")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the workers of the Citus coordinator at " + url + ": "
                    + e.getMessage(), e);
        }
        if (workers.isEmpty()) {
            throw new IllegalStateException("the Citus coordinator at " + url + " has no workers registered");
        }
        return new CitusCluster(coordinator, workers);
    }

    private String createDatabase(String purpose, int registeredWorkers) {
        String name = ("vl_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try {
            for (Node worker : workers) {
                createWithCitus(worker, name);
            }
            createWithCitus(coordinator, name);
            try (Connection connection = DriverManager.getConnection(TestServices.withDatabase(coordinator.adminUrl(), name));
                    Statement statement = connection.createStatement()) {
                // fewer shards than the default 32 keep each test's DDL quick
                statement.execute("ALTER DATABASE " + name + " SET citus.shard_count = 8");
                statement.execute("SELECT citus_set_coordinator_host('" + coordinator.host() + "', "
                        + coordinator.port() + ")");
                for (Node worker : workers.subList(0, registeredWorkers)) {
                    statement.execute("SELECT citus_add_node('" + worker.host() + "', " + worker.port() + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Citus test database " + name + ": " + e.getMessage(), e);
        }
        return TestServices.withDatabase(coordinator.adminUrl(), name);
    }

    private static void createWithCitus(Node node, String database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(node.adminUrl());
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try (Connection connection = DriverManager.getConnection(TestServices.withDatabase(node.adminUrl(), database));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION citus");
        }
    }
}

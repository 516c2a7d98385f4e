package io.vectorline.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * A Citus cluster for integration tests, one per test JVM: a coordinator and two workers on one
 * Docker network, each from {@code deploy/citus/Dockerfile} (Citus + pgvector). Needs a Docker
 * engine; there is no local fallback, because Citus is not packaged for this kind of machine.
 * Each test asks for its own database, created on every node and registered with the coordinator
 * the way {@code deploy/citus/compose.yaml} registers its workers.
 */
public final class CitusCluster {
    public static final String UNAVAILABLE =
            "no Docker engine: the Citus cluster needs Docker; the one-node layout is tested against local PostgreSQL";
    private static final String USER = "postgres";
    private static final String PASSWORD = "vectorline";
    private static final int PORT = 5432;
    private static final List<String> WORKERS = List.of("worker1", "worker2");

    private static CitusCluster cluster;

    private final GenericContainer<?> coordinator;
    private final List<GenericContainer<?>> workers;

    private CitusCluster(GenericContainer<?> coordinator, List<GenericContainer<?>> workers) {
        this.coordinator = coordinator;
        this.workers = workers;
    }

    /** For {@code @EnabledIf}: whether a Docker engine answers. */
    public static boolean available() {
        return TestServices.dockerAvailable();
    }

    /**
     * A new database on the cluster with the citus extension on every node and both workers
     * registered; its JDBC URL (on the coordinator) carries the superuser's credentials.
     */
    public static synchronized String freshDatabase(String purpose) {
        if (cluster == null) {
            cluster = start();
        }
        return cluster.createDatabase(purpose);
    }

    private static CitusCluster start() {
        Path dockerfile = TestServices.repositoryRoot().resolve("deploy/citus/Dockerfile");
        ImageFromDockerfile image = new ImageFromDockerfile("vectorline/citus-pgvector-test", false)
                .withDockerfile(dockerfile);
        Network network = Network.newNetwork();
        GenericContainer<?> coordinator = node(image, network, "coordinator");
        List<GenericContainer<?>> workers = WORKERS.stream()
                .<GenericContainer<?>>map(name -> node(image, network, name)).toList();
        workers.forEach(GenericContainer::start);
        coordinator.start();
        return new CitusCluster(coordinator, workers);
    }

    private static GenericContainer<?> node(ImageFromDockerfile image, Network network, String alias) {
        return new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withEnv("PGPASSWORD", PASSWORD)
                // the coordinator connects to the workers as the role of each query, readers included
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withExposedPorts(PORT)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(Duration.ofMinutes(3)));
    }

    private String createDatabase(String purpose) {
        String name = ("vl_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try {
            for (GenericContainer<?> node : workers) {
                createWithCitus(node, name);
            }
            createWithCitus(coordinator, name);
            try (Connection connection = DriverManager.getConnection(url(coordinator, name));
                    Statement statement = connection.createStatement()) {
                // fewer shards than the default 32 keep each test's DDL quick
                statement.execute("ALTER DATABASE " + name + " SET citus.shard_count = 8");
                statement.execute("SELECT citus_set_coordinator_host('coordinator', " + PORT + ")");
                for (String worker : WORKERS) {
                    statement.execute("SELECT citus_add_node('" + worker + "', " + PORT + ")");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Citus test database " + name + ": " + e.getMessage(), e);
        }
        return url(coordinator, name);
    }

    private static void createWithCitus(GenericContainer<?> node, String database) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url(node, "postgres"));
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        try (Connection connection = DriverManager.getConnection(url(node, database));
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION citus");
        }
    }

    private static String url(GenericContainer<?> node, String database) {
        return "jdbc:postgresql://" + node.getHost() + ":" + node.getMappedPort(PORT) + "/" + database
                + "?user=" + USER + "&password=" + PASSWORD;
    }
}

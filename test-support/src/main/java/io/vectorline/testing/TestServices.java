package io.vectorline.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Real services for integration tests, one of each per test JVM, chosen in this order:
 * <ol>
 *   <li>given: {@code VECTORLINE_TEST_JDBC_URL} / {@code VECTORLINE_TEST_KAFKA};</li>
 *   <li>Testcontainers, where a Docker engine answers;</li>
 *   <li>the {@code deploy/local} scripts (PostgreSQL 15 + pgvector from Debian's packages, a KRaft
 *       broker from the Maven artifacts), which install and start what is missing.</li>
 * </ol>
 * Each test asks for its own database, so tests never see each other's rows.
 */
public final class TestServices {
    public static final String PGVECTOR_IMAGE = "pgvector/pgvector:0.8.0-pg15";
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.1";

    private static String postgresAdminUrl;
    private static String kafkaBootstrap;

    private TestServices() {}

    /** A new, empty database with pgvector available; its JDBC URL carries the credentials. */
    public static synchronized String freshDatabase(String purpose) {
        String adminUrl = postgresAdminUrl();
        String name = ("vl_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection connection = DriverManager.getConnection(adminUrl);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return withDatabase(adminUrl, name);
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrap == null) {
            kafkaBootstrap = blankToNull(System.getenv("VECTORLINE_TEST_KAFKA"));
            if (kafkaBootstrap == null && dockerAvailable()) {
                KafkaContainer kafka = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE));
                kafka.start();
                kafkaBootstrap = kafka.getBootstrapServers();
            }
            if (kafkaBootstrap == null) {
                kafkaBootstrap = runLocalScript("kafka.sh", "start", "bootstrap");
            }
        }
        return kafkaBootstrap;
    }

    /** Where the services come from, for test logs and skip messages. */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String postgresAdminUrl() {
        if (postgresAdminUrl == null) {
            postgresAdminUrl = blankToNull(System.getenv("VECTORLINE_TEST_JDBC_URL"));
            if (postgresAdminUrl == null && dockerAvailable()) {
                PostgreSQLContainer postgres = new PostgreSQLContainer(
                        DockerImageName.parse(PGVECTOR_IMAGE).asCompatibleSubstituteFor("postgres"));
                postgres.start();
                postgresAdminUrl = postgres.getJdbcUrl() + "&user=" + postgres.getUsername()
                        + "&password=" + postgres.getPassword();
            }
            if (postgresAdminUrl == null) {
                postgresAdminUrl = runLocalScript("postgres.sh", "start", "url");
            }
        }
        return postgresAdminUrl;
    }

    static String withDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
    }

    /** Whether {@code deploy/local/SCRIPT COMMAND} exits 0. */
    static boolean localScriptSucceeds(String script, String command) {
        Path path = repositoryRoot().resolve("deploy/local").resolve(script);
        try {
            Process process = new ProcessBuilder("bash", path.toString(), command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code deploy/local/SCRIPT ARGS...}; fails unless it exits 0. */
    static void runLocal(String script, String... args) {
        List<String> command = new ArrayList<>(List.of("bash",
                repositoryRoot().resolve("deploy/local").resolve(script).toString()));
        command.addAll(List.of(args));
        run(new ProcessBuilder(command).inheritIO(), String.join(" ", command));
    }

    /** Runs {@code deploy/local/SCRIPT start}, then returns what {@code SCRIPT print} prints. */
    static String runLocalScript(String script, String start, String print) {
        Path path = repositoryRoot().resolve("deploy/local").resolve(script);
        run(new ProcessBuilder("bash", path.toString(), start).inheritIO(), path + " " + start);
        try {
            Process process = new ProcessBuilder("bash", path.toString(), print)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor() != 0 || output.isEmpty()) {
                throw new IllegalStateException(path + " " + print + " failed");
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + path, e);
        }
    }

    private static void run(ProcessBuilder builder, String what) {
        try {
            Process process = builder.start();
            if (!process.waitFor(20, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(what + " did not finish within 20 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(what + " failed with exit code " + process.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + what, e);
        }
    }

    /** The repository root: the nearest directory above the working directory holding deploy/local. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/local"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no deploy/local above " + Path.of("").toAbsolutePath());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

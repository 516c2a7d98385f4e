package io.vectorline.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

/** A coordinator and two workers on one Docker network, each from {@code deploy/citus/Dockerfile}. */
final class CitusContainers {
    private static final String USER = "postgres";
    private static final String PASSWORD = "vectorline";
    private static final int PORT = 5432;
    private static final List<String> WORKERS = List.of("worker1", "worker2");

    private CitusContainers() {}

    static CitusCluster start() {
        Path dockerfile = TestServices.repositoryRoot().resolve("deploy/citus/Dockerfile");
        ImageFromDockerfile image = new ImageFromDockerfile("vectorline/citus-pgvector-test", false)
                .withDockerfile(dockerfile);
        Network network = Network.newNetwork();
        List<CitusCluster.Node> workers = WORKERS.stream().map(name -> node(image, network, name)).toList();
        return new CitusCluster(node(image, network, "coordinator"), workers);
    }

    private static CitusCluster.Node node(ImageFromDockerfile image, Network network, String alias) {
        GenericContainer<?> container = new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withEnv("PGPASSWORD", PASSWORD)
                // the coordinator connects to the workers as the role of each query, readers included
                .withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
                .withExposedPorts(PORT)
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(Duration.ofMinutes(3)));
        container.start();
        return new CitusCluster.Node(alias, PORT, "jdbc:postgresql://" + container.getHost() + ":"
                + container.getMappedPort(PORT) + "/postgres?user=" + USER + "&password=" + PASSWORD);
    }
}

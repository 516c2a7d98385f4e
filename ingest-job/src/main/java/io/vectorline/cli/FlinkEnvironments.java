package io.vectorline.cli;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where a job runs: embedded (or on the cluster {@code flink run} submits to), or on a remote cluster by its REST address. */
final class FlinkEnvironments {
    private FlinkEnvironments() {}

    /** {@code flinkRest} is {@code HOST:PORT}, or null for the environment this JVM runs in. */
    static StreamExecutionEnvironment of(String flinkRest) throws URISyntaxException {
        if (flinkRest == null) {
            return StreamExecutionEnvironment.getExecutionEnvironment();
        }
        int colon = flinkRest.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--flink-rest must be HOST:PORT, got " + flinkRest);
        }
        String jobJar = Path.of(FlinkEnvironments.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        return StreamExecutionEnvironment.createRemoteEnvironment(
                flinkRest.substring(0, colon), Integer.parseInt(flinkRest.substring(colon + 1)), jobJar);
    }
}

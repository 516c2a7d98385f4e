package io.vectorline.job;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the job's integration tests run on: one TaskManager with two slots. */
public final class TestClusters {
    private TestClusters() {}

    public static MiniClusterExtension oneTaskManager() {
        return oneTaskManager(new Configuration());
    }

    /** The same with {@code configuration}, such as a metric reporter. */
    public static MiniClusterExtension oneTaskManager(Configuration configuration) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}

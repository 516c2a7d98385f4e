package io.vectorline.job;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The Flink MiniCluster the job's integration tests run on: one TaskManager with two slots. */
public final class TestClusters {
    private TestClusters() {}

    public static MiniClusterExtension oneTaskManager() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(2)
                .build());
    }
}

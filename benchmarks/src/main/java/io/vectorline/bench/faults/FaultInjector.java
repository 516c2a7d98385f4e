package io.vectorline.bench.faults;

import java.io.IOException;
import java.time.Instant;

/** Injects a fault and brings the service back, as an operator's script would. */
final class FaultInjector {
    /** When the fault was injected, and when the service was back (TaskManager registered, server accepting). */
    record Window(Instant injected, Instant over) {}

    private final FlinkCluster flink;
    private final LocalPostgres postgres;
    private final LocalKafka kafka;

    FaultInjector(FlinkCluster flink, LocalPostgres postgres, LocalKafka kafka) {
        this.flink = flink;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    Window inject(Fault fault) throws IOException, InterruptedException {
        Instant injected = Instant.now();
        switch (fault.kind()) {
            case TASK_MANAGER_KILL -> {
                flink.kill(fault.taskManager());
                flink.restart(fault.taskManager());
            }
            case POSTGRES_IMMEDIATE_RESTART -> postgres.restartImmediately();
            case POSTMASTER_KILL -> {
                postgres.killPostmaster();
                postgres.start();
            }
            case BROKER_KILL -> {
                kafka.killBroker();
                kafka.start();
            }
            case POSTGRES_OUTAGE -> {
                postgres.stop();
                Thread.sleep(fault.outage().toMillis());
                postgres.start();
            }
        }
        return new Window(injected, Instant.now());
    }
}

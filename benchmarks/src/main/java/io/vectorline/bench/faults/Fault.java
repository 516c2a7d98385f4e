package io.vectorline.bench.faults;

import java.time.Duration;
import java.util.List;

/**
 * One fault injected while the job ingests.
 *
 * @param taskManager the TaskManager killed (1..N); 0 for other faults
 * @param outage how long the database stays down; zero for other faults
 */
record Fault(Kind kind, int taskManager, Duration outage) {
    enum Kind { TASK_MANAGER_KILL, POSTGRES_IMMEDIATE_RESTART, POSTMASTER_KILL, BROKER_KILL, POSTGRES_OUTAGE }

    /** The full run: each kind, TaskManager kills on both TaskManagers, the long outage last. */
    static List<Fault> full(Duration outage) {
        return List.of(taskManagerKill(1), of(Kind.POSTGRES_IMMEDIATE_RESTART), taskManagerKill(2),
                of(Kind.POSTMASTER_KILL), of(Kind.BROKER_KILL), taskManagerKill(1), postgresOutage(outage));
    }

    /** The reduced run for CI: a few minutes. */
    static List<Fault> reduced(Duration outage) {
        return List.of(taskManagerKill(1), of(Kind.POSTGRES_IMMEDIATE_RESTART), postgresOutage(outage));
    }

    private static Fault taskManagerKill(int index) {
        return new Fault(Kind.TASK_MANAGER_KILL, index, Duration.ZERO);
    }

    private static Fault postgresOutage(Duration outage) {
        return new Fault(Kind.POSTGRES_OUTAGE, 0, outage);
    }

    private static Fault of(Kind kind) {
        return new Fault(kind, 0, Duration.ZERO);
    }

    String label() {
        return switch (kind) {
            case TASK_MANAGER_KILL -> "TaskManager " + taskManager + ": kill -9, then restart-taskmanager";
            case POSTGRES_IMMEDIATE_RESTART -> "PostgreSQL: pg_ctl restart -m immediate";
            case POSTMASTER_KILL -> "PostgreSQL: kill -9 of the postmaster, then start";
            case BROKER_KILL -> "Kafka: kill -9 of the broker, then start";
            case POSTGRES_OUTAGE -> "PostgreSQL: stopped for " + outage.toSeconds() + " s, then start";
        };
    }

    /** The fault ends when the database comes back. */
    boolean database() {
        return kind == Kind.POSTGRES_IMMEDIATE_RESTART || kind == Kind.POSTMASTER_KILL || kind == Kind.POSTGRES_OUTAGE;
    }
}

package io.vectorline.store.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.regex.Pattern;

/**
 * What a database error means for a flush, by SQLSTATE: worth retrying (the connection or the
 * transaction was lost, to the server or from a Citus coordinator to a worker; a lock or
 * serialization conflict), a fault of the data (retrying would fail the same way), or anything
 * else (configuration, permissions, schema), which no retry fixes.
 */
public enum SqlFailure {
    TRANSIENT,
    DATA,
    FATAL;

    /**
     * Citus reports a lost or refused connection to a worker, and a shard that moved or split while
     * the statement was planned (a tenant isolated or placed, a rebalance), as an internal error
     * (XX000); a new attempt plans against the new placement.
     */
    private static final Pattern CITUS_TRANSIENT = Pattern.compile("(?i)connection marked as essential"
            + "|connection to the remote node|could not establish any connections|connection not open"
            + "|remote node .* (is not|was not) (responding|reachable)"
            + "|could not find valid entry for shard|could not find placement|shard \\d+ does not exist");

    public static SqlFailure classify(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            // pgjdbc reports I/O failures (a dropped socket during COPY) without a state
            return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                    || e.getCause() instanceof java.io.IOException ? TRANSIENT : FATAL;
        }
        if (state.startsWith("08")
                || state.equals("XX000") && CITUS_TRANSIENT.matcher(String.valueOf(e.getMessage())).find()) {
            return TRANSIENT; // connection exception
        }
        switch (state) {
            case "40001": // serialization_failure
            case "40P01": // deadlock_detected
            case "55P03": // lock_not_available
            case "57P01": // admin_shutdown, e.g. pg_terminate_backend
            case "57P02": // crash_shutdown
            case "57P03": // cannot_connect_now, e.g. the server is starting
            case "53300": // too_many_connections
            case "53400": // configuration_limit_exceeded
                return TRANSIENT;
            default:
                break;
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return DATA; // data exception, integrity constraint violation
        }
        return FATAL;
    }
}

package io.vectorline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlFailureTest {
    @ParameterizedTest
    @CsvSource({
        "08006, TRANSIENT", "08001, TRANSIENT", "40001, TRANSIENT", "40P01, TRANSIENT", "57P01, TRANSIENT",
        "57P03, TRANSIENT", "53300, TRANSIENT", "55P03, TRANSIENT",
        "22P02, DATA", "22000, DATA", "23505, DATA", "23502, DATA",
        "42P01, FATAL", "42501, FATAL", "28P01, FATAL", "0A000, FATAL"
    })
    void classifiesBySqlState(String state, SqlFailure expected) {
        assertThat(SqlFailure.classify(new SQLException("x", state))).isEqualTo(expected);
    }

    @Test
    void aCitusWorkerConnectionLostOrAShardMovedIsTransientOtherInternalErrorsAreNot() {
        assertThat(SqlFailure.classify(new SQLException("ERROR: could not find valid entry for shard 102046",
                "XX000"))).isEqualTo(SqlFailure.TRANSIENT);
        assertThat(SqlFailure.classify(new SQLException("ERROR: failure on connection marked as essential:"
                + " 127.0.0.1:9701", "XX000"))).isEqualTo(SqlFailure.TRANSIENT);
        assertThat(SqlFailure.classify(new SQLException("ERROR: connection to the remote node 127.0.0.1:9702"
                + " failed with the following error: Connection refused", "XX000"))).isEqualTo(SqlFailure.TRANSIENT);
        assertThat(SqlFailure.classify(new SQLException("ERROR: could not find block containing chunk", "XX000")))
                .isEqualTo(SqlFailure.FATAL);
    }

    @Test
    void anIoFailureWithoutStateIsTransient() {
        assertThat(SqlFailure.classify(new SQLException("COPY failed", null, new IOException("reset"))))
                .isEqualTo(SqlFailure.TRANSIENT);
        assertThat(SqlFailure.classify(new SQLException("odd", (String) null))).isEqualTo(SqlFailure.FATAL);
    }
}

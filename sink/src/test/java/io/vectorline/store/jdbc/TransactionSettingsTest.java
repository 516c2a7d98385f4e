package io.vectorline.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SET LOCAL statements: propagation to Citus workers first, values quoted for any server setting. */
class TransactionSettingsTest {
    @Test
    void propagationComesFirstThenEverySettingInOrder() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("app.tenant_id", "acme");
        settings.put("hnsw.ef_search", "100");
        assertThat(TransactionSettings.statements(settings)).containsExactly(
                "SET LOCAL citus.propagate_set_commands = 'local'",
                "SET LOCAL app.tenant_id = E'acme'",
                "SET LOCAL hnsw.ef_search = E'100'");
    }

    @Test
    void quotesAndBackslashesAreDoubledInsideAnEscapeString() {
        assertThat(SqlLiteral.of("o'brien")).isEqualTo("E'o''brien'");
        assertThat(SqlLiteral.of("a\\'; RESET ALL; --")).isEqualTo("E'a\\\\''; RESET ALL; --'");
        assertThat(SqlLiteral.of("")).isEqualTo("E''");
        assertThat(SqlLiteral.of("ünï €")).isEqualTo("E'ünï €'");
    }

    @Test
    void valuesPostgresCannotHoldAreRefused() {
        assertThatThrownBy(() -> SqlLiteral.of("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SqlLiteral.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "app.", ".x", "a.b.c", "app.tenant id", "x; RESET ALL", "a-b"})
    void onlyPlainSettingNamesAreAccepted(String name) {
        assertThatThrownBy(() -> TransactionSettings.statements(Map.of(name, "v")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.vectorline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the layout setting and judging what Citus reports about the tables. */
class StoreLayoutTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"detect, DETECT", "one-node, ONE_NODE", "one_node, ONE_NODE", "ONE-NODE, ONE_NODE",
            "citus, CITUS", "' Citus ', CITUS"})
    void configurationValuesNameAChoice(String value, LayoutChoice expected) {
        assertThat(LayoutChoice.parse(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "cluster", "one node", "citus-mx"})
    void otherValuesAreRefusedNamingTheChoices(String value) {
        assertThatThrownBy(() -> LayoutChoice.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("detect, one-node, citus");
    }

    @Test
    void choicesPrintAsTheyAreWritten() {
        assertThat(LayoutChoice.ONE_NODE).hasToString("one-node");
        assertThat(LayoutChoice.parse(LayoutChoice.ONE_NODE.toString())).isEqualTo(LayoutChoice.ONE_NODE);
    }

    @Test
    void settingsDetectTheLayoutUnlessForced() {
        assertThat(new StoreSettings(384, 8).layout()).isEqualTo(LayoutChoice.DETECT);
        assertThat(new StoreSettings(384, 8, LayoutChoice.CITUS).layout()).isEqualTo(LayoutChoice.CITUS);
        assertThatThrownBy(() -> new StoreSettings(384, 8, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void migrationsSeeTheLayoutAsAPlaceholder() {
        assertThat(StoreLayout.ONE_NODE.placeholder()).isEqualTo("one_node");
        assertThat(StoreLayout.CITUS.placeholder()).isEqualTo("citus");
    }

    @Test
    void theCitusLayoutIsTwoCoLocatedTablesByTenantAndAReferenceTable() {
        String distributed = "distributed by tenant_id in group 3";
        assertThat(SchemaChecks.citusLayoutComplete(Map.of(
                "documents", distributed, "chunks", distributed, "embedding_models", "reference"))).isTrue();
        assertThat(SchemaChecks.citusLayoutComplete(Map.of(
                "documents", distributed, "chunks", "distributed by tenant_id in group 4",
                "embedding_models", "reference"))).as("not co-located").isFalse();
        assertThat(SchemaChecks.citusLayoutComplete(Map.of(
                "documents", "distributed by doc_id in group 3", "chunks", "distributed by doc_id in group 3",
                "embedding_models", "reference"))).as("another distribution column").isFalse();
        assertThat(SchemaChecks.citusLayoutComplete(Map.of(
                "documents", distributed, "chunks", distributed, "embedding_models", "local"))).isFalse();
        assertThat(SchemaChecks.citusLayoutComplete(Map.of())).as("tables made for one node").isFalse();
    }
}

package io.vectorline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void readsUnitsAndIso8601() {
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert(" 3S ")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void refusesWhatIsNotADuration() {
        for (String bad : new String[] {"", "ten seconds", "10", "10d", "ms"}) {
            assertThatThrownBy(() -> converter.convert(bad))
                    .as("'%s'", bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessageContaining("is not a duration");
        }
    }
}

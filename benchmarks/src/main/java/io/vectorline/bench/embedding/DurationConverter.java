package io.vectorline.bench.embedding;

import java.time.Duration;
import picocli.CommandLine;

/** Durations as {@code 500ms}, {@code 90s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT5M}). */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.strip().toLowerCase();
        if (v.startsWith("p")) {
            return Duration.parse(value.strip().toUpperCase());
        }
        String unit = v.replaceAll("^\\d+", "");
        long amount;
        try {
            amount = Long.parseLong(v.substring(0, v.length() - unit.length()));
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a duration: " + value);
        }
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "s", "" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new CommandLine.TypeConversionException("not a duration: " + value);
        };
    }
}

package io.vectorline.cli;

import io.vectorline.store.LayoutChoice;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code --layout}, shared by the commands that create the tables. */
final class LayoutOption {
    @Option(names = "--layout", converter = Converter.class, paramLabel = "detect|one-node|citus",
            description = "Table layout: one-node (hash partitions) or citus (distributed tables); detect"
                    + " (default) picks citus when the citus extension is installed in the database.")
    LayoutChoice choice = LayoutChoice.DETECT;

    static final class Converter implements CommandLine.ITypeConverter<LayoutChoice> {
        @Override
        public LayoutChoice convert(String value) {
            try {
                return LayoutChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

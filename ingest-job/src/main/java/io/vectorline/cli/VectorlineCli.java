package io.vectorline.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The {@code vectorline} command line. Also the main class of the job jar for {@code flink run}. */
@Command(
        name = "vectorline",
        mixinStandardHelpOptions = true,
        version = "vectorline 0.1.0",
        description = "Streams documents from Kafka through ONNX embeddings into pgvector, per tenant.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            BackfillCommand.class,
            ProduceCommand.class,
            SearchCommand.class,
            SchemaCommand.class,
            IndexCommand.class,
            TenantCommand.class,
            DeadLettersCommand.class,
            CommandLine.HelpCommand.class
        })
public final class VectorlineCli {
    @Option(names = "--log-level", scope = CommandLine.ScopeType.INHERIT, paramLabel = "LEVEL",
            description = "Level of Vectorline's own log lines on stderr: ERROR, WARN, INFO (default) or DEBUG.")
    void logLevel(String level) {
        Level parsed = Level.toLevel(level, null);
        if (parsed == null) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--log-level must be ERROR, WARN, INFO or DEBUG, got " + level);
        }
        Configurator.setLevel("io.vectorline", parsed);
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        // no exit on success: under `flink run` this main runs inside the Flink client's JVM
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line with its error handling: a failure prints its message and exits 1. */
    public static CommandLine commandLine() {
        return new CommandLine(new VectorlineCli())
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + describe(e));
                    return 1;
                });
    }

    /** The message of an exception and its causes, without stack traces: what went wrong, for a user. */
    private static String describe(Throwable e) {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
                message.append(System.lineSeparator()).append("  caused by: ").append(cause.getMessage());
            }
        }
        return message.toString();
    }
}

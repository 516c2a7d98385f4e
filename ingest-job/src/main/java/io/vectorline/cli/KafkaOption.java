package io.vectorline.cli;

import picocli.CommandLine.Option;

/** {@code --bootstrap-servers}, shared by every command that talks to Kafka. */
final class KafkaOption {
    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
            defaultValue = "${env:VECTORLINE_BOOTSTRAP_SERVERS}",
            description = "Kafka brokers (default: $VECTORLINE_BOOTSTRAP_SERVERS).")
    String bootstrapServers;
}

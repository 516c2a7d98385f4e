package io.vectorline.cli;

import io.vectorline.job.source.JsonlDocuments;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes a JSON Lines file of document events to the documents topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Publish document events from a JSON Lines file (one event a line;"
                + " \"deleted\": true sends a tombstone). Nothing is sent if any line is invalid.")
final class ProduceCommand implements Callable<Integer> {
    @Mixin
    KafkaOption kafka = new KafkaOption();

    @Option(names = "--topic", description = "Documents topic (default: ${DEFAULT-VALUE}).")
    String topic = "documents";

    @Parameters(paramLabel = "FILE.jsonl", description = "Events to publish.")
    Path file;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<JsonlDocuments.Event> events;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            events = JsonlDocuments.read(reader, Instant.now());
        } catch (JsonlDocuments.InvalidLinesException e) {
            spec.commandLine().getErr().println(file + " has invalid lines; nothing was sent:");
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        long started = System.nanoTime();
        DocumentPublisher.publish(kafka.bootstrapServers, topic, events);
        long tombstones = events.stream().filter(e -> e.value() == null).count();
        spec.commandLine().getOut().printf("published %d events (%d tombstones) to %s in %d ms%n",
                events.size(), tombstones, topic, (System.nanoTime() - started) / 1_000_000);
        return 0;
    }
}

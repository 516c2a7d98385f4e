package io.vectorline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vectorline.job.JobConfig;
import io.vectorline.job.deadletter.DeadLetter;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code vectorline dead-letters list|redrive}: what the job set aside, and sending it through again. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
        description = "Count the dead letters by reason, stage and tenant, or publish chosen originals again.",
        subcommands = {DeadLettersCommand.ListLetters.class, DeadLettersCommand.RedriveLetters.class})
final class DeadLettersCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The topics, shared by both subcommands. */
    static final class Topics {
        @Mixin
        KafkaOption kafka = new KafkaOption();

        @Option(names = "--topic", description = "Documents topic (default: ${DEFAULT-VALUE}).")
        String topic = JobConfig.DEFAULT_TOPIC;

        @Option(names = "--dead-letter-topic", description = "Default: the documents topic + '.dead-letter'.")
        String deadLetterTopic;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        String deadLetterTopic() {
            return deadLetterTopic != null ? deadLetterTopic : JobConfig.deadLetterTopicFor(topic);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Count the committed dead letters by reason, stage and tenant.")
    static final class ListLetters implements Callable<Integer> {
        @Mixin
        Topics topics = new Topics();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            DeadLetterSummary summary = new DeadLetterSummary();
            DeadLetterReader.readAll(topics.kafka.bootstrapServers, topics.deadLetterTopic(), summary::add);
            if (topics.json) {
                spec.commandLine().getOut().println(JSON.writeValueAsString(summary.toJson()));
            } else {
                summary.print(spec.commandLine().getOut(), topics.deadLetterTopic());
            }
            return 0;
        }
    }

    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = "Publish the originals of the chosen dead letters to their topic again, each once:"
                    + " after fixing what refused them (raising a limit, fixing a producer). Letters without"
                    + " their original are redriven only while the original is still at its coordinates.")
    static final class RedriveLetters implements Callable<Integer> {
        @Mixin
        Topics topics = new Topics();

        @Option(names = "--reason", paramLabel = "CODE", description = "Only letters with this reason code"
                + " (repeatable), e.g. body-too-large, refused-by-store.")
        Set<String> reasons = Set.of();

        @Option(names = "--stage", description = "Only letters of this stage: decode or store.")
        String stage;

        @Option(names = "--since", paramLabel = "ISO-8601", description = "Only originals published at or after this time.")
        Instant since;

        @Option(names = "--until", paramLabel = "ISO-8601", description = "Only originals published before this time.")
        Instant until;

        @Option(names = "--source", paramLabel = "PARTITION@OFFSET",
                description = "Only the letter of this original (repeatable), e.g. 3@1200.")
        Set<String> sources = Set.of();

        @Option(names = "--to-topic", description = "Publish here instead of each letter's own topic.")
        String toTopic;

        @Option(names = "--dry-run", description = "Say what would be redriven; publish nothing.")
        boolean dryRun;

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Redrive.Outcome outcome = new Redrive(topics.kafka.bootstrapServers, topics.deadLetterTopic(), toTopic)
                    .run(chosen(), dryRun);
            if (topics.json) {
                Map<String, Object> json = new TreeMap<>();
                json.put(dryRun ? "would_redrive" : "redriven", outcome.redriven());
                json.put("already_redriven", outcome.alreadyRedriven());
                json.put("refused", outcome.refused());
                spec.commandLine().getOut().println(JSON.writeValueAsString(json));
            } else {
                spec.commandLine().getOut().printf("%s %d dead letters; %d were redriven before; %d refused%n",
                        dryRun ? "would redrive" : "redrove", outcome.redriven(), outcome.alreadyRedriven(),
                        outcome.refused().size());
                outcome.refused().forEach(why -> spec.commandLine().getOut().println("  refused " + why));
            }
            return outcome.refused().isEmpty() ? 0 : 3;
        }

        private Predicate<ConsumerRecord<byte[], byte[]>> chosen() {
            return letter -> (reasons.isEmpty() || reasons.contains(DeadLetterSummary.header(letter, DeadLetter.CODE)))
                    && (stage == null || stage.equals(DeadLetterSummary.header(letter, DeadLetter.STAGE)))
                    && (since == null || letter.timestamp() >= since.toEpochMilli())
                    && (until == null || letter.timestamp() < until.toEpochMilli())
                    && (sources.isEmpty() || sources.contains(Redrive.origin(letter).partition() + "@"
                            + Redrive.origin(letter).offset()));
        }
    }

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: say which there are. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}

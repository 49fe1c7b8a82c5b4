package org.levistream.app.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.levistream.app.LeviVariables;
import org.levistream.app.kafka.KafkaOptions;
import org.levistream.ingest.pacing.Pacing;
import org.levistream.ingest.publish.IngestConfig;
import org.levistream.ingest.publish.SplitFile;
import org.levistream.schemas.registry.RegistryClientConfig;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every {@code levi ingest} source shares: Kafka, the registry, the split file, pacing and chunks. */
final class IngestOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--split", required = true, paramLabel = "FILE",
            description = "The split file: which records go to the live, held-out and OOD topics, the pretrain file "
                    + "or nowhere (e.g. config/split-movielens.yaml).")
    Path split;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--speed", paramLabel = "max|N", defaultValue = "max",
            description = "'max' publishes as fast as possible, in file order (default). N publishes in event-time "
                    + "order at N times real time: 3600 plays an hour per second, 525600 a year per minute. Only "
                    + "records that go to a topic wait for their time; those the split drops or sends to the pretrain "
                    + "file pass at once.")
    String speed;

    @Option(names = "--reorder-window", paramLabel = "N", defaultValue = "" + Pacing.DEFAULT_REORDER_WINDOW,
            description = "With --speed N: records held to sort by event time (default: ${DEFAULT-VALUE}). Files "
                    + "need not be sorted; disorder beyond the window is published late, and counted.")
    int reorderWindow;

    @Option(names = "--chunk-size", paramLabel = "N", defaultValue = "" + IngestConfig.DEFAULT_CHUNK_SIZE,
            description = "Records per transaction; each commits the source position (default: ${DEFAULT-VALUE}).")
    int chunkSize;

    @Option(names = "--commit-interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Longest a transaction stays open, so paced records become visible (default: "
                    + "${DEFAULT-VALUE}).")
    long commitIntervalMs;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "" + IngestConfig.DEFAULT_PARTITIONS,
            description = "Partitions of the topics this run creates (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
            description = "Replication of the topics this run creates; -1 for the broker's default (default).")
    int replicationFactor;

    @Option(names = "--job-id", paramLabel = "ID",
            description = "The job id (default: derived from the command, inputs, split file and record options). "
                    + "A rerun with the same id continues after its last commit.")
    String jobId;

    @Option(names = "--pretrain-file", paramLabel = "FILE",
            description = "Where 'pretrain' records go (default: the split file's pretrainFile).")
    Path pretrainFile;

    @Option(names = "--compression", paramLabel = "TYPE", defaultValue = "lz4",
            description = "Producer compression: none, gzip, snappy, lz4 or zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between progress lines on stderr; 0 for none (default: ${DEFAULT-VALUE}).")
    int progressSeconds;

    @Option(names = "--progress-topic", paramLabel = "TOPIC", defaultValue = "levi.ingest.progress",
            description = "Compacted topic of committed positions (default: ${DEFAULT-VALUE}).")
    String progressTopic;

    @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", defaultValue = IngestConfig.DEFAULT_DEAD_LETTER_TOPIC,
            description = "Where bad rows go (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--producer-property", paramLabel = "KEY=VALUE",
            description = "A Kafka producer setting over ours, e.g. linger.ms=20 (repeatable).")
    Map<String, String> producerProperties = new LinkedHashMap<>();

    @Option(names = "--registry-property", paramLabel = "KEY=VALUE",
            description = "A registry or serde setting under Confluent's keys, e.g. basic.auth.user.info=u:p "
                    + "(repeatable).")
    Map<String, String> registryProperties = new LinkedHashMap<>();

    /** The config; problems of the split file or settings come out as {@code InvalidConfigException}. */
    IngestConfig config(Map<String, String> env) {
        Map<String, String> producer = new LinkedHashMap<>();
        producer.put("compression.type", compression.toLowerCase(Locale.ROOT));
        producer.putAll(producerProperties);
        return IngestConfig.builder(kafka.bootstrapServers(env), kafka.schemaRegistryUrl(env), SplitFile.load(split))
                .registry(registryProperties)
                .pretrainFile(pretrainFile)
                .topics(partitions, replicationFactor)
                .chunks(chunkSize, Duration.ofMillis(Math.max(commitIntervalMs, 0)))
                .pacing(pacing())
                .jobId(jobId)
                .topicNames(progressTopic, deadLetterTopic)
                .producer(producer)
                .progressInterval(Duration.ofSeconds(Math.max(progressSeconds, 0)))
                .build();
    }

    /** Ingest's only settings from the environment: where Kafka and the registry are. */
    Map<String, String> settings(Map<String, String> env) {
        return Map.of(IngestConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers(env),
                RegistryClientConfig.URL, kafka.schemaRegistryUrl(env));
    }

    /** The {@code LEVI_*} variables ingest ignores: all but the Kafka options' and the launcher's. */
    List<String> unreadVariables(Map<String, String> env) {
        return LeviVariables.unread(env, spec, key -> false, List.of());
    }

    /** Checks what picocli's types do not: ranges that are not config keys of their own. */
    void check() {
        if (commitIntervalMs < 1) {
            throw new ParameterException(spec.commandLine(), "--commit-interval-ms was " + commitIntervalMs
                    + " but must be at least 1");
        }
        if (progressSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--progress-interval was " + progressSeconds
                    + " but must be 0 (no progress lines) or more");
        }
        if (reorderWindow < 0) {
            throw new ParameterException(spec.commandLine(), "--reorder-window was " + reorderWindow
                    + " but must be at least 0");
        }
    }

    private Pacing pacing() {
        String text = speed.strip().toLowerCase(Locale.ROOT);
        if (text.equals("max")) {
            return Pacing.asFastAsPossible();
        }
        double factor;
        try {
            factor = Double.parseDouble(text.endsWith("x") ? text.substring(0, text.length() - 1) : text);
        } catch (NumberFormatException e) {
            factor = -1;
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new ParameterException(spec.commandLine(), "--speed was '" + speed + "' but must be 'max' or a "
                    + "positive number (event-time seconds per second, e.g. 525600 for a year per minute)");
        }
        return Pacing.eventTime(factor, reorderWindow);
    }
}

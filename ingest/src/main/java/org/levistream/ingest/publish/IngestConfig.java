package org.levistream.ingest.publish;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.pacing.Pacing;
import org.levistream.ingest.resume.PositionStore;
import org.levistream.schemas.deadletter.DeadLetterTopic;
import org.levistream.schemas.registry.RegistryClientConfig;

/**
 * Everything an ingest run is configured with, validated at once: each problem names its key, the value and the
 * rule. Build it with {@link #builder}.
 *
 * @param bootstrapServers  Kafka, {@code host:port[,host:port...]}
 * @param registry          the schema registry and serde settings under Confluent's keys; holds
 *                          {@value RegistryClientConfig#URL}
 * @param split             the split file
 * @param pretrainFile      where {@code pretrain} records go; empty: the split file's {@code pretrainFile}
 * @param partitions        partitions of the topics this run creates
 * @param replicationFactor replication of the topics this run creates; -1 for the broker's default
 * @param chunkSize         records and rows per transaction, at most
 * @param commitInterval    the longest a transaction stays open (paced runs commit while waiting)
 * @param pacing            how fast, in which order
 * @param jobId             the job id; empty: derived from the arguments
 * @param progressTopic     the compacted topic of committed positions
 * @param deadLetterTopic   where bad rows go
 * @param producer          producer settings over ours (not those exactly-once depends on)
 * @param progressInterval  time between progress lines; zero for none
 */
public record IngestConfig(String bootstrapServers, Map<String, String> registry, SplitFile split,
                           Optional<Path> pretrainFile, int partitions, int replicationFactor, int chunkSize,
                           Duration commitInterval, Pacing pacing, Optional<String> jobId, String progressTopic,
                           String deadLetterTopic, Map<String, String> producer, Duration progressInterval) {
    public static final String BOOTSTRAP_SERVERS = "ingest.bootstrap.servers";
    public static final String PARTITIONS = "ingest.partitions";
    public static final String REPLICATION_FACTOR = "ingest.replication.factor";
    public static final String CHUNK_SIZE = "ingest.chunk.size";
    public static final String COMMIT_INTERVAL = "ingest.commit.interval";
    public static final String JOB_ID = "ingest.job.id";
    public static final String PROGRESS_TOPIC = "ingest.progress.topic";
    public static final String DEAD_LETTER_TOPIC = DeadLetterTopic.KEY;
    public static final String PRODUCER_PREFIX = "ingest.producer.";
    public static final String PROGRESS_INTERVAL = "ingest.progress.interval";

    /** The default dead-letter topic (DESIGN §3). */
    public static final String DEFAULT_DEAD_LETTER_TOPIC = DeadLetterTopic.DEFAULT;
    /** Default records per transaction: large enough that commits cost little, small enough to redo quickly. */
    public static final int DEFAULT_CHUNK_SIZE = 10_000;
    /** Default partitions of created topics. */
    public static final int DEFAULT_PARTITIONS = 3;

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern JOB = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    /** Producer settings exactly-once rests on; ours always win. */
    private static final List<String> FIXED = List.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.ACKS_CONFIG, ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);

    /** Checks every setting and reports every problem at once. */
    public IngestConfig {
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(pacing, "pacing");
        Objects.requireNonNull(pretrainFile, "pretrainFile");
        Objects.requireNonNull(jobId, "jobId");
        registry = Map.copyOf(registry);
        producer = Map.copyOf(producer);
        List<String> problems = new ArrayList<>();
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            problems.add(BOOTSTRAP_SERVERS + " was '" + bootstrapServers + "' but must name at least one host:port");
        }
        if (registry.getOrDefault(RegistryClientConfig.URL, "").isBlank()) {
            problems.add(RegistryClientConfig.URL + " was '" + registry.get(RegistryClientConfig.URL)
                    + "' but must be the registry's URL, e.g. http://localhost:8081");
        }
        atLeast(problems, PARTITIONS, partitions, 1);
        if (replicationFactor != -1 && (replicationFactor < 1 || replicationFactor > Short.MAX_VALUE)) {
            problems.add(REPLICATION_FACTOR + " was " + replicationFactor + " but must be -1 (the broker's default)"
                    + " or in 1.." + Short.MAX_VALUE);
        }
        atLeast(problems, CHUNK_SIZE, chunkSize, 1);
        positive(problems, COMMIT_INTERVAL, commitInterval);
        if (progressInterval == null || progressInterval.isNegative()) {
            problems.add(PROGRESS_INTERVAL + " was " + progressInterval + " but must be zero (no progress lines) or "
                    + "positive");
        }
        jobId.filter(id -> !JOB.matcher(id).matches()).ifPresent(id -> problems.add(JOB_ID + " was '" + id
                + "' but must be 1 to 200 letters, digits, '.', '_' or '-'"));
        topic(problems, PROGRESS_TOPIC, progressTopic);
        topic(problems, DEAD_LETTER_TOPIC, deadLetterTopic);
        producer.forEach((key, value) -> checkProducerSetting(problems, key, value));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
    }

    /** A builder with every default, for {@code bootstrapServers}, the registry at {@code registryUrl} and a split. */
    public static Builder builder(String bootstrapServers, String registryUrl, SplitFile split) {
        return new Builder(bootstrapServers, registryUrl, split);
    }

    /** The pretrain file: the override, else the split file's; relative paths resolve against the working dir. */
    public Optional<Path> effectivePretrainFile() {
        return pretrainFile.or(() -> split.plan().pretrainFile());
    }

    /**
     * The producer settings every Kafka client of the run needs too (security, SASL, SSL, DNS lookup), for the admin
     * client that creates topics and the consumer that reads the committed position.
     */
    public Map<String, Object> sharedClientSettings() {
        Map<String, Object> shared = new LinkedHashMap<>();
        producer.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")
                    || key.equals("client.dns.lookup")) {
                shared.put(key, value);
            }
        });
        return shared;
    }

    private static void checkProducerSetting(List<String> problems, String key, String value) {
        if (FIXED.contains(key)) {
            problems.add(PRODUCER_PREFIX + key + " was '" + value + "' but cannot be set: ingest sets it for "
                    + "exactly-once delivery");
        }
        if (key.equals(ProducerConfig.COMPRESSION_TYPE_CONFIG)
                && !List.of("none", "gzip", "snappy", "lz4", "zstd").contains(value.toLowerCase(Locale.ROOT))) {
            problems.add(PRODUCER_PREFIX + key + " was '" + value + "' but must be none, gzip, snappy, lz4 or zstd");
        }
    }

    private static void atLeast(List<String> problems, String key, long value, long min) {
        if (value < min) {
            problems.add(key + " was " + value + " but must be at least " + min);
        }
    }

    private static void positive(List<String> problems, String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            problems.add(key + " was " + value + " but must be positive");
        }
    }

    private static void topic(List<String> problems, String key, String value) {
        if (value == null || !TOPIC.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            problems.add(key + " was '" + value + "' but must be a topic name: 1 to 249 letters, digits, '.', '_' "
                    + "or '-'");
        }
    }

    /** Builds an {@link IngestConfig}; validation happens in {@link #build()}. Not thread-safe. */
    public static final class Builder {
        private final String bootstrapServers;
        private final Map<String, String> registry = new LinkedHashMap<>();
        private final SplitFile split;
        private Path pretrainFile;
        private int partitions = DEFAULT_PARTITIONS;
        private int replicationFactor = -1;
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private Duration commitInterval = Duration.ofSeconds(1);
        private Pacing pacing = Pacing.asFastAsPossible();
        private String jobId;
        private String progressTopic = PositionStore.DEFAULT_TOPIC;
        private String deadLetterTopic = DEFAULT_DEAD_LETTER_TOPIC;
        private final Map<String, String> producer = new LinkedHashMap<>();
        private Duration progressInterval = Duration.ofSeconds(5);

        private Builder(String bootstrapServers, String registryUrl, SplitFile split) {
            this.bootstrapServers = bootstrapServers;
            this.split = split;
            if (registryUrl != null) {
                registry.put(RegistryClientConfig.URL, registryUrl);
            }
        }

        /** Adds registry or serde settings under Confluent's keys. */
        public Builder registry(Map<String, String> settings) {
            registry.putAll(settings);
            return this;
        }

        /** Overrides the split file's pretrain file; {@code null} keeps it. */
        public Builder pretrainFile(Path file) {
            this.pretrainFile = file;
            return this;
        }

        /** Partitions and replication of created topics (-1: the broker's default replication). */
        public Builder topics(int partitionCount, int replication) {
            this.partitions = partitionCount;
            this.replicationFactor = replication;
            return this;
        }

        /** Transaction size and longest open time. */
        public Builder chunks(int size, Duration interval) {
            this.chunkSize = size;
            this.commitInterval = interval;
            return this;
        }

        /** The pacing. */
        public Builder pacing(Pacing value) {
            this.pacing = value;
            return this;
        }

        /** A job id instead of the derived one; {@code null} derives it. */
        public Builder jobId(String id) {
            this.jobId = id;
            return this;
        }

        /** The progress and dead-letter topics. */
        public Builder topicNames(String progress, String deadLetter) {
            this.progressTopic = progress;
            this.deadLetterTopic = deadLetter;
            return this;
        }

        /** Producer settings over ours. */
        public Builder producer(Map<String, String> settings) {
            producer.putAll(settings);
            return this;
        }

        /** Time between progress lines; zero for none. */
        public Builder progressInterval(Duration interval) {
            this.progressInterval = interval;
            return this;
        }

        /** The validated config. */
        public IngestConfig build() {
            return new IngestConfig(bootstrapServers, registry, split, Optional.ofNullable(pretrainFile), partitions,
                    replicationFactor, chunkSize, commitInterval, pacing, Optional.ofNullable(jobId), progressTopic,
                    deadLetterTopic, producer, progressInterval);
        }
    }
}

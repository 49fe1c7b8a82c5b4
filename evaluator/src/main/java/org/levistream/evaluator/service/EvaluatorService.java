package org.levistream.evaluator.service;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.scoring.HeldOutDecoder;
import org.levistream.evaluator.scoring.ScoringMetrics;
import org.levistream.evaluator.scoring.VersionLoader;
import org.levistream.evaluator.scoring.VersionScorer;
import org.levistream.evaluator.topology.EvaluatorTopology;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.topics.TopicSetup;
import org.levistream.schemas.topics.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running evaluator: creates the topics it writes, then runs the topology in Kafka Streams with
 * {@code exactly_once_v2}, so that a version's metrics, its alerts and the store updates that record them commit
 * together. Owns the Streams client and the registry client and closes both.
 */
public final class EvaluatorService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvaluatorService.class);
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);
    /** Partitions of a held-out topic the evaluator creates: what {@code levi ingest} creates by default. */
    static final int HOLDOUT_PARTITIONS = 3;

    private final KafkaStreams streams;
    private final SchemaRegistryClient registry;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private EvaluatorService(KafkaStreams streams, SchemaRegistryClient registry) {
        this.streams = streams;
        this.registry = registry;
    }

    /**
     * Creates the output topics and starts the streams application.
     *
     * @param config the settings
     * @param meters where the evaluator's meters live
     * @return the running service; close it
     * @throws InterruptedException if interrupted while creating topics
     */
    public static EvaluatorService start(EvaluatorConfig config, MeterRegistry meters) throws InterruptedException {
        createTopics(config);
        SchemaRegistryClient registry = HttpSchemaRegistryClient.create(config.registry());
        ScoringMetrics scoring = new ScoringMetrics(meters);
        VersionLoader loader = new VersionLoader(config.checkpointRoot(), config.backboneStore(), config.glove(),
                config.device().resolve());
        Topology topology = EvaluatorTopology.build(config, registry, meters,
                () -> new VersionScorer(config, loader, new HeldOutDecoder(registry), scoring));
        KafkaStreams streams = new KafkaStreams(topology, properties(config));
        EvaluatorService service = new EvaluatorService(streams, registry);
        streams.setUncaughtExceptionHandler(e -> {
            service.failure.compareAndSet(null, e);
            if (e instanceof MissingSourceTopicException) {
                log.error("The evaluator stopped: {} ({} must exist)", e.getMessage(), config.checkpointsTopic());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            log.error("The evaluator failed", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        log.info("Evaluating {} against versions on {} (application {}, state in {})", config.holdoutTopics(),
                config.checkpointsTopic(), config.applicationId(), config.stateDir());
        return service;
    }

    /**
     * The Kafka Streams settings: the evaluator's, then {@code evaluator.streams.*} pass-throughs, which win.
     *
     * @param config the settings
     * @return the properties
     */
    public static Properties properties(EvaluatorConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.putAll(config.streams());
        return p;
    }

    /**
     * Tells whether the service is running (or rebalancing).
     *
     * @return false once it stopped or failed
     */
    public boolean isRunning() {
        return streams.state().isRunningOrRebalancing();
    }

    /**
     * Returns the Streams client's state.
     *
     * @return e.g. {@code RUNNING}
     */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Returns what stopped the service, if it failed.
     *
     * @return the failure
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /** Stops the streams application (committing what is done) and closes the registry client. */
    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        try {
            registry.close();
        } catch (Exception e) {
            log.debug("Closing the registry client: {}", e.toString());
        }
    }

    /**
     * Creates the topics the evaluator reads and writes, where missing: Kafka Streams fails a rebalance over a source
     * topic that does not exist, and an operator starts the evaluator before any trainer or ingest. Missing held-out
     * topics are created as {@code levi ingest} creates them ({@value #HOLDOUT_PARTITIONS} partitions), which later
     * leaves them as they are; {@code levi.checkpoints} as the trainer does (compacted).
     */
    private static void createTopics(EvaluatorConfig config) throws InterruptedException {
        List<TopicSpec> topics = new ArrayList<>();
        topics.add(TopicSpec.compacted(config.checkpointsTopic(), Optional.empty()));
        config.holdoutTopics().forEach(t -> topics.add(TopicSpec.data(t, HOLDOUT_PARTITIONS)));
        topics.add(TopicSpec.data(config.workTopic(), config.workPartitions()));
        topics.add(TopicSpec.compacted(config.metricsTopic(), Optional.empty()));
        topics.add(TopicSpec.data(config.alertsTopic(), 1));
        topics.add(TopicSpec.deadLetter(config.deadLetterTopic()));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            List<String> created = TopicSetup.ensure(admin, topics, SETUP_TIMEOUT);
            List<String> empty = config.holdoutTopics().stream().filter(created::contains).toList();
            if (!empty.isEmpty()) {
                log.info("Created the held-out topics {}: empty until levi ingest fills them; versions are scored on "
                        + "the held-out topics that hold records", empty);
            }
        }
    }
}

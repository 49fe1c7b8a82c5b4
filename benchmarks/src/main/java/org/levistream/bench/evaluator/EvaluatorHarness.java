package org.levistream.bench.evaluator;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.levistream.evaluator.config.EvaluatorConfig;
import org.levistream.evaluator.service.EvaluatorService;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.avro.Interaction;
import org.levistream.schemas.domain.AvroMapping;
import org.levistream.schemas.domain.InteractionEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;

/**
 * The evaluator as the benchmarks run it: its held-out topics created and filled before it starts, then the
 * {@link EvaluatorService} itself (exactly-once, its own stores), and a producer that announces versions on
 * {@code levi.checkpoints} as a trainer would. Closes the service, then the producer and the registry client.
 */
final class EvaluatorHarness implements AutoCloseable {
    private final EvaluatorConfig config;
    private final EvaluatorService service;
    private final SimpleMeterRegistry meters;
    private final SchemaRegistryClient registry;
    private final KafkaProducer<String, byte[]> producer;
    private final AvroSerializer<CheckpointEvent> events;

    private EvaluatorHarness(EvaluatorConfig config, EvaluatorService service, SimpleMeterRegistry meters,
                             SchemaRegistryClient registry, KafkaProducer<String, byte[]> producer) {
        this.config = config;
        this.service = service;
        this.meters = meters;
        this.registry = registry;
        this.producer = producer;
        this.events = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
    }

    /**
     * Creates the topics, produces the held-out records, starts the evaluator and waits until every record is in its
     * samples, so that every version is scored on all of them.
     *
     * @param bootstrap   Kafka
     * @param registryUrl the registry
     * @param work        the work folder: checkpoints under {@code checkpoints}, Streams state under {@code state}
     * @param sets        the held-out sets
     * @param overrides   evaluator settings over the benchmark's
     * @return the running harness
     * @throws Exception if Kafka fails or the samples do not fill within two minutes
     */
    static EvaluatorHarness start(String bootstrap, String registryUrl, Path work, List<HeldOutSet> sets,
                                  Map<String, String> overrides) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(EvaluatorConfig.APPLICATION_ID, "levi-bench-evaluator-" + System.currentTimeMillis());
        settings.put(EvaluatorConfig.BOOTSTRAP_SERVERS, bootstrap);
        settings.put(EvaluatorConfig.REGISTRY_URL, registryUrl);
        settings.put(EvaluatorConfig.HOLDOUT_TOPICS, String.join(",", sets.stream().map(HeldOutSet::topic).toList()));
        settings.put(EvaluatorConfig.CHECKPOINT_ROOT, work.resolve("checkpoints").toString());
        settings.put(EvaluatorConfig.BACKBONE_STORE, work.resolve("backbones").toString());
        settings.put(EvaluatorConfig.STATE_DIR, work.resolve("state").toString());
        settings.put(EvaluatorConfig.SAMPLE_SIZE, Integer.toString(sets.stream().mapToInt(s -> s.records().size())
                .max().orElse(1)));
        settings.put(EvaluatorConfig.START_QUIET, "0s"); // the samples are complete before the first version
        settings.put(EvaluatorConfig.QUEUE_MAX, "100000"); // versions are announced faster than they are scored
        settings.put(EvaluatorConfig.DEVICE, "cpu");
        settings.put(EvaluatorConfig.DASHBOARD_PORT, "-1");
        settings.putAll(overrides);
        EvaluatorConfig config = EvaluatorConfig.from(settings);
        Files.createDirectories(config.checkpointRoot());

        SchemaRegistryClient registry = HttpSchemaRegistryClient.create(Map.of(EvaluatorConfig.REGISTRY_URL,
                registryUrl));
        KafkaProducer<String, byte[]> producer = producer(bootstrap);
        EvaluatorService service = null;
        try {
            createTopics(bootstrap, sets, config.checkpointsTopic());
            long total = produce(producer, registry, sets);
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            service = EvaluatorService.start(config, meters);
            EvaluatorHarness harness = new EvaluatorHarness(config, service, meters, registry, producer);
            harness.awaitSampled(total, Duration.ofMinutes(2));
            return harness;
        } catch (Exception | Error e) {
            if (service != null) {
                service.close();
            }
            producer.close();
            registry.close();
            throw e;
        }
    }

    /** The evaluator's settings. */
    EvaluatorConfig config() {
        return config;
    }

    /** The evaluator's meters. */
    SimpleMeterRegistry meters() {
        return meters;
    }

    /** The registry client, for deserializers. */
    SchemaRegistryClient registry() {
        return registry;
    }

    /**
     * Announces a version as a trainer does once its checkpoint is durable, and waits for the broker's
     * acknowledgement.
     *
     * @param experiment the experiment
     * @param version    the version number: the benchmarks number versions 1, 2, ... (all are trained for the same
     *                   steps, so the step cannot tell them apart)
     * @param written    its checkpoint
     * @throws Exception if the send fails
     */
    void announce(String experiment, long version, Versions.Written written) throws Exception {
        CheckpointEvent event = CheckpointEvent.newBuilder().setExperiment(experiment).setVersion(version)
                .setPath(written.dir().toString()).setContentHash(written.contentHash()).setBackboneHash(written.backboneHash())
                .setMethod("small-only").setNextOffsets(List.of()).setValidationMetrics(new HashMap<>())
                .setCreatedAt(Instant.now()).build();
        producer.send(new ProducerRecord<>(config.checkpointsTopic(), experiment,
                events.serialize(config.checkpointsTopic(), event))).get();
    }

    /**
     * Throws if the evaluator stopped.
     *
     * @throws IllegalStateException saying why
     */
    void checkRunning() {
        if (!service.isRunning()) {
            throw new IllegalStateException("the evaluator stopped (" + service.state() + ")",
                    service.failure().orElse(null));
        }
    }

    /**
     * Reads a counter of the evaluator.
     *
     * @param name its name
     * @return its count, 0 before it is registered
     */
    double counter(String name) {
        var c = meters.find(name).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        try {
            service.close();
        } finally {
            producer.close();
            registry.close();
        }
    }

    private void awaitSampled(long total, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counter("levi_evaluator_records_sampled") < total) {
            checkRunning();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the evaluator sampled " + counter("levi_evaluator_records_sampled")
                        + " of " + total + " held-out records in " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a meter against a deadline
        }
    }

    private static void createTopics(String bootstrap, List<HeldOutSet> sets, String checkpoints)
            throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = new ArrayList<>();
            sets.forEach(s -> topics.add(new NewTopic(s.topic(), 1, (short) 1)));
            topics.add(new NewTopic(checkpoints, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            admin.createTopics(topics).all().get();
        }
    }

    private static long produce(KafkaProducer<String, byte[]> producer, SchemaRegistryClient registry,
                                List<HeldOutSet> sets) throws InterruptedException, ExecutionException {
        AvroSerializer<Interaction> serializer = new AvroSerializer<>(registry, AvroSerdeConfig.defaults(), false);
        long n = 0;
        for (HeldOutSet set : sets) {
            for (InteractionEvent e : set.records()) {
                producer.send(new ProducerRecord<>(set.topic(), e.userId(),
                        serializer.serialize(set.topic(), AvroMapping.toAvro(e))));
                n++;
            }
        }
        producer.flush();
        return n;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}

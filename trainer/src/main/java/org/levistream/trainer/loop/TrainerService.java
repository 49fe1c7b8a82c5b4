package org.levistream.trainer.loop;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.levistream.schemas.avro.CheckpointEvent;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;
import org.levistream.schemas.serde.AvroDeserializer;
import org.levistream.schemas.serde.AvroSerdeConfig;
import org.levistream.schemas.serde.AvroSerializer;
import org.levistream.trainer.batching.BatchFeed;
import org.levistream.trainer.batching.BatchSource;
import org.levistream.trainer.batching.BatchBuilder;
import org.levistream.trainer.batching.RecordDecoder;
import org.levistream.trainer.TrainerRefusal;
import org.levistream.trainer.checkpoint.Checkpointer;
import org.levistream.trainer.checkpoint.ExperimentLock;
import org.levistream.trainer.checkpoint.Retention;
import org.levistream.trainer.config.TrainerConfig;
import org.levistream.trainer.events.CheckpointEvents;
import org.levistream.trainer.events.DeadLetters;
import org.levistream.trainer.events.TopicSetup;
import org.levistream.trainer.metrics.MetricsEndpoint;
import org.levistream.trainer.metrics.TrainerMetrics;
import org.levistream.trainer.validation.HoldoutSample;
import org.levistream.trainer.validation.IdValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running trainer: {@link #start} returns at once and the trainer works on its own thread until its end point,
 * a failure, or {@link #close()}. Closing stops it after the current step, with a last checkpoint.
 *
 * <pre>{@code
 * try (TrainerService trainer = TrainerService.start(config, TrainerListener.NONE)) {
 *     TrainerService.Outcome outcome = trainer.awaitTermination();
 * }
 * }</pre>
 */
public final class TrainerService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TrainerService.class);

    /** How a run ended. */
    public enum Outcome {
        /** A bounded run reached its end point and wrote its final checkpoint. */
        FINISHED,
        /** It was asked to stop, and checkpointed what it had trained. */
        STOPPED,
        /** It failed; see {@link #failure()}. */
        FAILED
    }

    private final TrainerConfig config;
    private final TrainerListener listener;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch metricsReady = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Thread thread;
    private volatile Outcome outcome;
    private volatile int metricsPort = -1;

    /** Opens where the loop gets its batches. */
    private final BatchSource.Factory sources;

    private TrainerService(TrainerConfig config, TrainerListener listener, BatchSource.Factory sources) {
        this.config = config;
        this.listener = listener;
        this.sources = sources;
        this.thread = new Thread(this::run, "levi-trainer");
    }

    /**
     * Starts a trainer that reads its batches from Kafka.
     *
     * @param config   the settings
     * @param listener hears progress
     * @return the running trainer
     */
    public static TrainerService start(TrainerConfig config, TrainerListener listener) {
        return start(config, listener, BatchSource.Factory.KAFKA);
    }

    /**
     * Starts a trainer whose loop takes its batches from the source {@code sources} opens, on the training thread,
     * once the start point is known. All else is the trainer's own: the start point, the loop, checkpoints at the
     * configured cadence and their events.
     *
     * @param config   the settings
     * @param listener hears progress
     * @param sources  opens the batch source; {@link BatchSource.Factory#KAFKA} for the trainer's own feed
     * @return the running trainer
     */
    public static TrainerService start(TrainerConfig config, TrainerListener listener, BatchSource.Factory sources) {
        TrainerService service = new TrainerService(config, listener, sources);
        service.thread.start();
        return service;
    }

    /**
     * Waits until the trainer ends.
     *
     * @return how it ended
     * @throws InterruptedException if interrupted
     */
    public Outcome awaitTermination() throws InterruptedException {
        done.await();
        return outcome;
    }

    /**
     * Waits until the trainer ends, at most {@code timeout}.
     *
     * @param timeout how long to wait
     * @return how it ended, or empty if it still runs
     * @throws InterruptedException if interrupted
     */
    public Optional<Outcome> awaitTermination(Duration timeout) throws InterruptedException {
        return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(outcome) : Optional.empty();
    }

    /**
     * Returns why the trainer failed.
     *
     * @return the failure, or empty
     */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    /**
     * Returns the registry of the trainer's meters.
     *
     * @return the Prometheus registry
     */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    /**
     * Waits for the metrics endpoint and returns its port.
     *
     * @param timeout how long to wait
     * @return the port, or -1 when metrics are not served (or not yet)
     * @throws InterruptedException if interrupted
     */
    public int metricsPort(Duration timeout) throws InterruptedException {
        metricsReady.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return metricsPort;
    }

    /** Asks the trainer to stop after the current step, and waits for it (with its last checkpoint). */
    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        if (!done.await(2, TimeUnit.MINUTES)) {
            log.warn("The trainer did not stop within 2 minutes");
        }
    }

    private void run() {
        try {
            outcome = train() ? Outcome.FINISHED : Outcome.STOPPED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = Outcome.STOPPED;
        } catch (TrainerRefusal e) {
            // The caller reports a refusal (levi train prints it as its one error line); said here too, it was twice.
            log.debug("Stopping trainer {}: {}", config.experiment(), e.getMessage());
            failure.set(e);
            outcome = Outcome.FAILED;
        } catch (Exception | Error e) {
            log.error("Stopping trainer {}: {}", config.experiment(), e.toString(), e);
            failure.set(e);
            outcome = Outcome.FAILED;
        } finally {
            metricsReady.countDown();
            registry.close();
            done.countDown();
        }
    }

    private boolean train() throws IOException, InterruptedException {
        // First, before any client exists: a second trainer of the experiment stops here, having touched nothing.
        try (ExperimentLock lock = ExperimentLock.acquire(config.checkpointDir(), config.experiment());
             SchemaRegistryClient registryClient = HttpSchemaRegistryClient.create(config.registry());
             KafkaProducer<byte[], byte[]> dlqProducer = new KafkaProducer<>(producerProps("dlq"),
                     new ByteArraySerializer(), new ByteArraySerializer());
             KafkaProducer<String, CheckpointEvent> eventProducer = new KafkaProducer<>(eventProducerProps(),
                     new StringSerializer(), new AvroSerializer<>(registryClient, AvroSerdeConfig.defaults(), false));
             ModelSetup setup = ModelSetup.open(config);
             MetricsEndpoint endpoint = serveMetrics()) {
            AtomicReference<BatchSource> feedRef = new AtomicReference<>();
            TrainerMetrics metrics = new TrainerMetrics(registry, config.experiment(), setup.device().toString(),
                    () -> feedRef.get() == null ? -1 : feedRef.get().lag());
            metricsReady.countDown();
            Checkpointer checkpointer = new Checkpointer(config.checkpointDir(),
                    new Retention(config.retainLast(), config.retainBest()));
            return train(setup.builder(), setup, registryClient, checkpointer,
                    new DeadLetters(dlqProducer, config.deadLetterTopic()), eventProducer, metrics, feedRef);
        }
    }

    /** The rest of a run, typed by the records its featurizer takes: every decoder is the featurizer's own. */
    private <E> boolean train(BatchBuilder<E> builder, ModelSetup setup, SchemaRegistryClient registryClient,
                              Checkpointer checkpointer, DeadLetters deadLetters,
                              KafkaProducer<String, CheckpointEvent> eventProducer, TrainerMetrics metrics,
                              AtomicReference<BatchSource> feedRef) throws IOException, InterruptedException {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Resume.Start start;
        try {
            start = new Resume<>(config, setup, builder, checkpointer, consumer, builder.decoder(registryClient),
                    listener).prepare(stopping::get);
        } catch (RuntimeException | IOException | InterruptedException e) {
            consumer.close();
            throw e;
        }
        if (start == null) {
            consumer.close();
            return false;
        }
        try (Admin admin = Admin.create(adminProps())) {
            TopicSetup.ensure(admin, config.deadLetterTopic(), config.checkpointsTopic());
            // Fences any other trainer of this experiment, wherever it runs: its next event fails, and it stops.
            eventProducer.initTransactions();
        } catch (RuntimeException | InterruptedException e) {
            consumer.close();
            throw e;
        }
        RecordDecoder<E> decoder = builder.decoder(registryClient);
        IdValidation<E> validation = validation(builder, decoder);
        return run(setup, checkpointer, consumer, start, new BatchSource.Inputs<>(consumer, start.plan(), decoder,
                deadLetters, builder, setup.device(), config.batchSize(), config.queueDepth(), config.idleSkip(),
                feedListener(metrics)), validation, deadLetters,
                new CheckpointEvents(eventProducer, config.checkpointsTopic()), metrics, feedRef);
    }

    private boolean run(ModelSetup setup, Checkpointer checkpointer, KafkaConsumer<byte[], byte[]> consumer,
                        Resume.Start start, BatchSource.Inputs<?> inputs, IdValidation<?> validation,
                        DeadLetters deadLetters, CheckpointEvents events, TrainerMetrics metrics,
                        AtomicReference<BatchSource> feedRef) throws IOException, InterruptedException {
        try (BatchSource feed = sources.open(inputs)) {
            feedRef.set(feed);
            TrainingLoop loop = new TrainingLoop(config, setup, checkpointer, feed, deadLetters, events, validation,
                    metrics, listener, start.state());
            if (start.resumedDir() != null && !announced(start.resumedMetadata().step())) {
                loop.announce(start.resumedDir(), start.resumedMetadata());
            }
            listener.started(start.description());
            log.info("Trainer {} on {}: {}", config.experiment(), setup.device(), start.description());
            feed.start();
            return loop.run(stopping::get);
        }
    }

    private BatchFeed.Listener feedListener(TrainerMetrics metrics) {
        return new BatchFeed.Listener() {
            @Override public void deadLettered(String reason) {
                metrics.deadLettered(reason);
            }

            @Override public void skipped(TopicPartition partition) {
                metrics.skipped();
            }

            @Override public void waitingForData(List<TopicPartition> partitions) {
                listener.waiting("waiting for data: every input partition is at its end offset "
                        + partitions);
            }

            @Override public void dataArrived() {
                listener.waiting("data arrived; training goes on");
            }
        };
    }

    private <E> IdValidation<E> validation(BatchBuilder<E> builder, RecordDecoder<E> decoder) {
        if (!config.validates()) {
            return new IdValidation<>(List.of(), builder, config.batchSize());
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return new IdValidation<>(HoldoutSample.read(consumer, decoder, config.holdoutTopic(),
                    config.holdoutSample(), Duration.ofSeconds(60)), builder, config.batchSize());
        }
    }

    private MetricsEndpoint serveMetrics() throws IOException {
        if (config.metricsPort() < 0) {
            return null;
        }
        MetricsEndpoint endpoint = MetricsEndpoint.start(registry, config.metricsPort());
        metricsPort = endpoint.port();
        log.info("Prometheus metrics at http://localhost:{}/metrics", metricsPort);
        return endpoint;
    }

    /** Whether the event of the version resumed from is on the checkpoint topic already: then it is not sent again. */
    private boolean announced(long version) {
        Properties p = consumerProps();
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "levi-trainer-" + config.experiment() + "-announced");
        try (SchemaRegistryClient registry = HttpSchemaRegistryClient.create(config.registry());
             KafkaConsumer<String, CheckpointEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                     AvroDeserializer.specific(CheckpointEvent.class, registry, false))) {
            boolean there = CheckpointEvents.published(consumer, config.checkpointsTopic(), config.experiment(),
                    version, Duration.ofSeconds(30));
            log.info("The CheckpointEvent of version {} {}", version, there ? "is on " + config.checkpointsTopic()
                    + " already; not sent again" : "is missing from " + config.checkpointsTopic() + "; sending it");
            return there;
        }
    }

    private Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "levi-trainer-" + config.experiment());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Positions come from checkpoints; a position that no longer exists is an error, not a silent jump.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.putAll(config.consumer());
        return p;
    }

    private Properties producerProps(String role) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "levi-trainer-" + config.experiment() + "-" + role);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.putAll(config.producer());
        return p;
    }

    /**
     * The checkpoint-event producer is transactional, with an id per experiment: a second trainer of the same
     * experiment (on another machine, where the folder lock cannot see it) fences the first when it starts.
     */
    private Properties eventProducerProps() {
        Properties p = producerProps("events");
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, CheckpointEvents.transactionalId(config.experiment()));
        return p;
    }

    private Properties adminProps() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "levi-trainer-" + config.experiment() + "-admin");
        return p;
    }
}

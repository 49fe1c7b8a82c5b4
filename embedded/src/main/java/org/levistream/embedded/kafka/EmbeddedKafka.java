package org.levistream.embedded.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.levistream.common.config.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Apache Kafka cluster running in this JVM: one KRaft server that is both broker and
 * controller, reachable over TCP at {@link #bootstrapServers()}.
 *
 * <p>Clients talk to it exactly as to any other broker, so tests and the one-machine default exercise the real
 * protocol, transactions and consumer groups included. It is built on Kafka's internal server classes
 * ({@code KafkaRaftServer} and the storage {@code Formatter}), which is why the Kafka version is pinned.
 *
 * <pre>{@code
 * try (var kafka = EmbeddedKafka.start(BrokerSettings.forTests())) {
 *     kafka.createTopic("levi.interactions", 3, Map.of());
 *     try (var producer = new KafkaProducer<>(kafka.clientProperties(), keySer, valueSer)) { ... }
 * }
 * }</pre>
 *
 * <p>A temporary log directory is deleted on {@link #close()}; a given one is formatted on first use only and
 * keeps its topics and records across restarts. {@code close()} is idempotent.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_PAUSE_MS = 50;   // between readiness checks, so a polling loop does not spin

    private final KafkaRaftServer server;
    private final Admin admin;
    private final String bootstrapServers;
    private final Path logDir;
    private final boolean temporaryLogDir;
    private final boolean formatted;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(KafkaRaftServer server, Admin admin, String bootstrapServers, Path logDir,
                          boolean temporaryLogDir, boolean formatted, Duration startupTime) {
        this.server = server;
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
        this.temporaryLogDir = temporaryLogDir;
        this.formatted = formatted;
        this.startupTime = startupTime;
    }

    /**
     * Starts a broker and returns once it answers clients.
     *
     * @throws InvalidConfigException if a requested port is in use or the host does not resolve
     * @throws KafkaException         if the broker fails to start or to become ready within a minute
     */
    public static EmbeddedKafka start(BrokerSettings settings) {
        BrokerLogging.quietByDefault();   // before any broker class creates its loggers
        long started = System.nanoTime();
        int port = Ports.resolve(settings.host(), settings.port(), "port");
        int controllerPort = Ports.resolve(settings.host(), settings.controllerPort(), "controllerPort");
        Path logDir = createLogDir(settings);
        try {
            KafkaConfig config = config(settings, logDir, port, controllerPort);
            boolean formatted = formatIfNew(logDir);
            KafkaRaftServer server = startServer(config);
            String bootstrap = settings.host() + ":" + port;
            Admin admin = awaitReady(server, bootstrap);
            var kafka = new EmbeddedKafka(server, admin, bootstrap, logDir, settings.temporaryLogDir(), formatted,
                    Duration.ofNanos(System.nanoTime() - started));
            log.info("Kafka broker up at {} in {} ms (log dir {}{})", bootstrap, kafka.startupTime.toMillis(),
                    logDir, formatted ? ", newly formatted" : "");
            return kafka;
        } catch (RuntimeException e) {
            if (settings.temporaryLogDir()) {
                deleteQuietly(logDir);
            }
            throw e;
        }
    }

    /** The {@code host:port} list clients bootstrap from. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Client properties holding only {@code bootstrap.servers}; a fresh copy the caller may add to. */
    public Properties clientProperties() {
        var props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }

    /** The directory holding the broker's data and metadata logs. */
    public Path logDir() {
        return logDir;
    }

    /** Whether this start formatted the log directory, i.e. found no {@code meta.properties} in it. */
    public boolean formattedOnStart() {
        return formatted;
    }

    /** How long {@link #start} took, from the call until the broker answered a client. */
    public Duration startupTime() {
        return startupTime;
    }

    /**
     * Creates a topic with one replica per partition, or does nothing if it exists, and returns once every
     * partition has a leader, so that a producer's first send finds it.
     *
     * @param configs topic configs such as {@code cleanup.policy=compact}; applied only when the topic is new
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        if (name == null || name.isBlank()) {
            throw new InvalidConfigException("topic", name, "must be a non-blank topic name");
        }
        if (partitions < 1) {
            throw new InvalidConfigException("partitions", partitions, "must be at least 1");
        }
        var topic = new NewTopic(name, partitions, (short) 1).configs(configs);
        try {
            admin.createTopics(List.of(topic)).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("Could not create topic " + name, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaException("Topic " + name + " not created within " + ADMIN_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while creating topic " + name, e);
        }
        awaitLeaders(name);
    }

    /** Same as {@link #createTopic(String, int, Map)} with the broker's default topic configs. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** Stops the broker and waits for it; deletes the log directory if it was temporary. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            admin.close(Duration.ofSeconds(5));
            server.shutdown();
            server.awaitShutdown();
        } finally {
            if (temporaryLogDir) {
                deleteQuietly(logDir);
            }
        }
        log.info("Kafka broker at {} stopped in {} ms", bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers + ", logDir=" + logDir + "]";
    }

    // Only the overrides can make Kafka reject the config; name them, so that the user knows what to fix.
    private static KafkaConfig config(BrokerSettings settings, Path logDir, int port, int controllerPort) {
        try {
            return KafkaConfig.fromProps(BrokerConfig.of(settings, logDir, port, controllerPort), false);
        } catch (ConfigException e) {
            throw new InvalidConfigException("overrides", settings.overrides(), e.getMessage());
        }
    }

    private static Path createLogDir(BrokerSettings settings) {
        try {
            if (settings.temporaryLogDir()) {
                return Files.createTempDirectory("levi-kafka-");
            }
            if (Files.exists(settings.logDir()) && !Files.isDirectory(settings.logDir())) {
                throw new InvalidConfigException("logDir", settings.logDir(), "must be a directory, but is a file");
            }
            return Files.createDirectories(settings.logDir());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the broker log directory", e);
        }
    }

    // Formatting twice would fail: a second format writes a new cluster id that contradicts meta.properties.
    private static boolean formatIfNew(Path logDir) {
        if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
            return false;
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                    .setNodeId(BrokerConfig.NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(BrokerConfig.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .run();
            return true;
        } catch (Exception e) {
            throw new KafkaException("Could not format the broker log directory " + logDir, e);
        }
    }

    private static KafkaRaftServer startServer(KafkaConfig config) {
        var server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
            return server;
        } catch (RuntimeException e) {
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }

    // startup() returns once the broker is unfenced; a client round trip proves the listener answers too.
    private static Admin awaitReady(KafkaRaftServer server, String bootstrap) {
        Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "levi-embedded-kafka"));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(1, TimeUnit.SECONDS).isEmpty()) {
                        return admin;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new KafkaException("Broker at " + bootstrap + " not ready within " + READY_TIMEOUT, e);
                    }
                    TimeUnit.MILLISECONDS.sleep(POLL_PAUSE_MS);
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            admin.close(Duration.ZERO);
            server.shutdown();
            server.awaitShutdown();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while waiting for the broker at " + bootstrap, e);
            }
            throw (RuntimeException) e;
        }
    }

    private void awaitLeaders(String topic) {
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (allPartitionsLed(topic)) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(POLL_PAUSE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while waiting for topic " + topic, e);
        }
        throw new KafkaException("Topic " + topic + " has partitions without a leader after " + ADMIN_TIMEOUT);
    }

    private boolean allPartitionsLed(String topic) throws InterruptedException {
        try {
            TopicDescription d = admin.describeTopics(Set.of(topic)).allTopicNames()
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            return d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException | TimeoutException e) {
            log.debug("Topic {} not described yet: {}", topic, e.toString());
            return false;
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Utils.delete(dir.toFile());
        } catch (IOException e) {
            log.warn("Could not delete temporary broker log directory {}: {}", dir, e.toString());
        }
    }
}

package org.levistream.embedded.stack;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.levistream.embedded.kafka.EmbeddedKafka;
import org.levistream.embedded.kafka.Ports;
import org.levistream.embedded.registry.InProcessSchemaRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Kafka broker and the in-process schema registry, running in this JVM: everything a LEVI service
 * needs on one machine. Closing it stops the registry, then the broker. {@code close()} is idempotent.
 *
 * <pre>{@code
 * try (var stack = EmbeddedStack.start(StackSettings.forTests())) {
 *     var props = stack.clientProperties();   // bootstrap.servers and schema.registry.url
 * }
 * }</pre>
 */
public final class EmbeddedStack implements AutoCloseable {
    /** Confluent's client config key for the registry address, set by {@link #clientProperties()}. */
    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    private final EmbeddedKafka broker;
    private final InProcessSchemaRegistry registry;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedStack(EmbeddedKafka broker, InProcessSchemaRegistry registry, Duration startupTime) {
        this.broker = broker;
        this.registry = registry;
        this.startupTime = startupTime;
    }

    /**
     * Starts the broker, then the registry on it, and returns once both answer.
     *
     * @throws org.levistream.common.config.InvalidConfigException if a requested port is in use; a taken
     *         registry port is found before the broker starts
     */
    public static EmbeddedStack start(StackSettings settings) {
        long started = System.nanoTime();
        if (settings.registryPort() != 0) {
            Ports.resolve(settings.broker().host(), settings.registryPort(), "registryPort");
        }
        EmbeddedKafka broker = EmbeddedKafka.start(settings.broker());
        try {
            var registry = InProcessSchemaRegistry.start(settings.registry(broker.bootstrapServers()));
            var stack = new EmbeddedStack(broker, registry, Duration.ofNanos(System.nanoTime() - started));
            log.info("Embedded stack up in {} ms: Kafka at {}, schema registry at {}",
                    stack.startupTime.toMillis(), stack.bootstrapServers(), stack.registryUrl());
            return stack;
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
    }

    /** The broker's {@code host:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** The registry's base URL, for {@code schema.registry.url}, e.g. {@code http://127.0.0.1:8081}. */
    public String registryUrl() {
        return registry.url();
    }

    /** The broker, e.g. to create topics. */
    public EmbeddedKafka broker() {
        return broker;
    }

    /** Client properties holding {@code bootstrap.servers} and {@code schema.registry.url}; a fresh copy. */
    public Properties clientProperties() {
        Properties props = broker.clientProperties();
        props.put(SCHEMA_REGISTRY_URL_CONFIG, registryUrl());
        return props;
    }

    /** How long {@link #start} took, from the call until both services answered. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Stops the registry, then the broker; the broker is stopped even if the registry fails to. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            registry.close();
        } catch (Exception e) {
            log.warn("Schema registry at {} did not close cleanly", registry.url(), e);
        } finally {
            broker.close();
        }
        log.info("Embedded stack stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @Override
    public String toString() {
        return "EmbeddedStack[kafka=" + bootstrapServers() + ", registry=" + registryUrl() + "]";
    }
}

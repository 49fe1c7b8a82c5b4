package org.levistream.embedded.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.levistream.common.config.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible schema registry running inside the calling JVM: the REST API that Confluent's Java and
 * Python clients use, on the JDK's HTTP server, with its schemas in a compacted Kafka topic written in Confluent's
 * own record format. Restarted against the same topic, it comes back with every schema, id, version and
 * compatibility setting; a real Confluent Schema Registry pointed at the topic would read the same.
 *
 * <pre>{@code
 * try (var broker = EmbeddedKafka.start(BrokerSettings.forTests());
 *      var registry = InProcessSchemaRegistry.start(RegistrySettings.of(broker.bootstrapServers()))) {
 *     serdeConfig.put("schema.registry.url", registry.url());
 * }
 * }</pre>
 *
 * <p>Only AVRO schemas without references are served. One registry should write a topic at a time: ids and
 * versions are assigned by this process alone.
 */
public final class InProcessSchemaRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InProcessSchemaRegistry.class);

    // Long enough for a loaded 2-core CI machine; a healthy local broker answers in milliseconds.
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);
    // A few threads suffice: requests are short, and writes are serialized anyway.
    private static final int HTTP_THREADS = 4;

    private final RegistrySettings settings;
    private final TopicStore store;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private InProcessSchemaRegistry(RegistrySettings settings, TopicStore store, HttpServer server,
                                    ExecutorService executor) {
        this.settings = settings;
        this.store = store;
        this.server = server;
        this.executor = executor;
        String host = settings.host().contains(":") ? "[" + settings.host() + "]" : settings.host();
        this.url = "http://" + host + ":" + server.getAddress().getPort();
    }

    /**
     * Reads the schemas topic (creating it if missing) and starts serving once everything in it is loaded.
     *
     * @throws InvalidConfigException if the port is taken
     * @throws IllegalStateException  if Kafka cannot be reached, or the topic is not one compacted partition
     */
    public static InProcessSchemaRegistry start(RegistrySettings settings) {
        long started = System.nanoTime();
        log.info("Starting schema registry on {}:{} with topic {} at {}", settings.host(), settings.port(),
                settings.topic(), settings.bootstrapServers());
        var state = new RegistryState();
        TopicStore store = TopicStore.open(settings.bootstrapServers(), settings.topic(), state, STORE_TIMEOUT);
        ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, httpThreads());
        try {
            HttpServer server = bind(settings);
            server.createContext("/", new RestApi(RestRoutes.of(new RegistryOperations(state, store))));
            server.setExecutor(executor);
            server.start();
            var registry = new InProcessSchemaRegistry(settings, store, server, executor);
            log.info("Schema registry serving {} in {} ms: {} read from {}", registry.url,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), state.summary(), settings.topic());
            return registry;
        } catch (RuntimeException e) {
            executor.shutdownNow();
            store.close();
            throw e;
        }
    }

    /** The base URL clients use as {@code schema.registry.url}, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return url;
    }

    /** The settings it was started with; {@link RegistrySettings#port()} may be 0, {@link #url()} has the port. */
    public RegistrySettings settings() {
        return settings;
    }

    /** Stops serving, then stops reading the topic. Idempotent; the topic and its schemas stay. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Schema registry requests still running after 10 s; interrupting them");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            store.close();
        }
        log.info("Schema registry at {} stopped", url);
    }

    private static HttpServer bind(RegistrySettings settings) {
        try {
            return HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        } catch (BindException e) {
            throw new InvalidConfigException("port", settings.port(), "must be a free port, but " + settings.host()
                    + ":" + settings.port() + " is in use (" + e.getMessage() + "); pick another or 0 for a free one");
        } catch (IOException e) {
            throw new UncheckedIOException("Schema registry could not listen on " + settings.host() + ":"
                    + settings.port(), e);
        }
    }

    private static ThreadFactory httpThreads() {
        var count = new AtomicInteger();
        return task -> {
            var thread = new Thread(task, "levi-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

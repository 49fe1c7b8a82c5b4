package org.levistream.evaluator.dashboard;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.levistream.schemas.registry.HttpSchemaRegistryClient;
import org.levistream.schemas.registry.SchemaRegistryClient;

/**
 * The evaluator's dashboard: reads {@code levi.metrics} and {@code levi.alerts} into a {@link MetricsView} and
 * serves it over HTTP. It runs beside the evaluator's topology, not inside it, with a consumer of its own.
 *
 * <pre>{@code
 * try (var dashboard = Dashboard.start(DashboardSettings.onPort(8090), stack.clientProperties(), prometheus)) {
 *     System.out.println("dashboard at " + dashboard.url());
 * }
 * }</pre>
 */
public final class Dashboard implements AutoCloseable {
    private final SchemaRegistryClient registryClient;
    private final DashboardReader reader;
    private final DashboardServer server;
    private final MetricsView view;
    private final PrometheusMeterRegistry meters;
    private final List<Meter> gauges;
    private final String host;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Dashboard(SchemaRegistryClient registryClient, DashboardReader reader, DashboardServer server,
                      MetricsView view, PrometheusMeterRegistry meters, List<Meter> gauges, String host) {
        this.registryClient = registryClient;
        this.reader = reader;
        this.server = server;
        this.view = view;
        this.meters = meters;
        this.gauges = gauges;
        this.host = host;
    }

    /**
     * Starts reading and serving.
     *
     * @param settings         where to listen and which topics to read
     * @param clientProperties {@code bootstrap.servers}, {@code schema.registry.url} and any other Kafka consumer
     *                         or registry client settings ({@code schema.registry.*}, {@code basic.auth.*}); a
     *                         {@code Properties} from {@code EmbeddedStack.clientProperties()} fits
     * @param meters           the registry {@code /metrics} scrapes; the dashboard adds its own meters to it
     * @return the running dashboard
     * @throws java.net.BindException if the port is taken; the message names {@link DashboardSettings#PORT}
     * @throws IOException            if the server cannot start otherwise
     */
    public static Dashboard start(DashboardSettings settings, Map<?, ?> clientProperties,
                                  PrometheusMeterRegistry meters) throws IOException {
        Map<String, Object> consumer = new HashMap<>();
        Map<String, Object> registry = new HashMap<>();
        clientProperties.forEach((k, v) -> (isRegistryKey(k.toString()) ? registry : consumer).put(k.toString(), v));
        var view = new MetricsView();
        List<Meter> gauges = List.of(
                Gauge.builder("levi.dashboard.series", view, MetricsView::seriesCount)
                        .description("Metric series the dashboard shows").register(meters),
                Gauge.builder("levi.dashboard.alerts.open", view, MetricsView::openAlertCount)
                        .description("Alert conditions that hold now").register(meters));
        SchemaRegistryClient registryClient = HttpSchemaRegistryClient.create(registry);
        DashboardReader reader = DashboardReader.start(consumer, registryClient, settings, view, meters);
        try {
            DashboardServer server = DashboardServer.start(settings, view, meters);
            return new Dashboard(registryClient, reader, server, view, meters, gauges, settings.host());
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader, e);
            registryClient.close();
            gauges.forEach(meters::remove);
            throw e;
        }
    }

    /**
     * Returns the port served.
     *
     * @return the bound port, the chosen one when the settings asked for 0
     */
    public int port() {
        return server.port();
    }

    /**
     * Returns the page's address.
     *
     * @return e.g. {@code http://127.0.0.1:8090/}
     */
    public URI url() {
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /**
     * Returns what the dashboard shows, e.g. to check it in a test.
     *
     * @return the live view
     */
    public MetricsView view() {
        return view;
    }

    /** Stops serving, then reading, and removes the dashboard's meters. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
            reader.close();
        } finally {
            registryClient.close();
            gauges.forEach(meters::remove);
        }
    }

    private static boolean isRegistryKey(String key) {
        return key.startsWith("schema.registry.") || key.startsWith("basic.auth.");
    }

    private static void closeQuietly(DashboardReader reader, Exception cause) {
        try {
            reader.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cause.addSuppressed(e);
        }
    }
}

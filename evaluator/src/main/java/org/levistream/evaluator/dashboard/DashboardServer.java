package org.levistream.evaluator.dashboard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's HTTP side, on the JDK's own server: the page and its scripts at {@code /}, the view as JSON at
 * {@code /api/state}, its changes as server-sent events at {@code /events}, and the Prometheus scrape at
 * {@code /metrics}. Only {@code GET} is served.
 */
public final class DashboardServer implements AutoCloseable {
    // Follows uplot.version in the root pom; start() fails at once, naming the file, if the two part.
    static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";
    static final String PAGE = "org/levistream/evaluator/dashboard/";
    /** Every file the page may ask for: request path to classpath resource and content type. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset(PAGE + "index.html", "text/html; charset=utf-8"),
            "/dashboard.js", new Asset(PAGE + "dashboard.js", "text/javascript; charset=utf-8"),
            "/dashboard.css", new Asset(PAGE + "dashboard.css", "text/css; charset=utf-8"),
            "/uplot/uPlot.iife.min.js", new Asset(UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"),
            "/uplot/uPlot.min.css", new Asset(UPLOT + "uPlot.min.css", "text/css; charset=utf-8"));

    private final HttpServer server;
    private final ExecutorService threads;
    private final EventStream events;

    private DashboardServer(HttpServer server, ExecutorService threads, EventStream events) {
        this.server = server;
        this.threads = threads;
        this.events = events;
    }

    /**
     * Starts serving.
     *
     * @param settings where to listen
     * @param view     what to show
     * @param registry the registry {@code /metrics} scrapes
     * @return the running server
     * @throws BindException if the port is taken; the message names {@link DashboardSettings#PORT}
     * @throws IOException   if the server cannot start otherwise
     */
    public static DashboardServer start(DashboardSettings settings, MetricsView view, PrometheusMeterRegistry registry)
            throws IOException {
        Map<String, byte[]> files = loadAssets();
        HttpServer server = bind(settings);
        var events = new EventStream(view);
        server.createContext("/", getOnly(exchange -> serveAsset(files, exchange)));
        server.createContext("/api/state", getOnly(exchange ->
                respond(exchange, 200, "application/json", DashboardJson.write(view.snapshot()))));
        server.createContext("/events", getOnly(events::serve));
        server.createContext("/metrics", getOnly(exchange ->
                respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
        // Each event client holds a thread while connected, so the pool grows with them (EventStream caps them).
        ExecutorService threads = Executors.newCachedThreadPool(daemonThreads());
        server.setExecutor(threads);
        server.start();
        return new DashboardServer(server, threads, events);
    }

    /**
     * Returns the bound port.
     *
     * @return the port, the one chosen when the settings asked for 0
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Ends the event streams and stops serving. */
    @Override
    public void close() {
        events.close();
        server.stop(1);
        threads.shutdownNow();
    }

    private static HttpServer bind(DashboardSettings settings) throws IOException {
        try {
            return HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 0);
        } catch (BindException e) {
            var named = new BindException(DashboardSettings.PORT + " was " + settings.port() + " on "
                    + settings.host() + ": " + e.getMessage() + "; choose a free port, or 0 for any free one");
            named.initCause(e);
            throw named;
        }
    }

    private static Map<String, byte[]> loadAssets() {
        Map<String, byte[]> files = new HashMap<>();
        ASSETS.forEach((path, asset) -> files.put(path, read(asset.resource())));
        return Map.copyOf(files);
    }

    // A missing file is a packaging bug (the uPlot webjar left out, say): fail at start, not on the first visit.
    static byte[] read(String resource) {
        try (InputStream in = DashboardServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + resource + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + resource, e);
        }
    }

    private static void serveAsset(Map<String, byte[]> files, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Asset asset = ASSETS.get(path);
        if (asset == null) {
            respond(exchange, 404, "text/plain; charset=utf-8", "no such page: " + path);
            return;
        }
        respond(exchange, 200, asset.contentType(), files.get(path));
    }

    private static HttpHandler getOnly(HttpHandler handler) {
        return exchange -> {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                exchange.sendResponseHeaders(405, -1);
                exchange.close();
                return;
            }
            handler.handle(exchange);
        };
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        respond(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static ThreadFactory daemonThreads() {
        var count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "levi-dashboard-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A file of the page: where it is on the classpath and what it is. */
    private record Asset(String resource, String contentType) {
    }
}

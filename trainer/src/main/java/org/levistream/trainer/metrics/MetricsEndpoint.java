package org.levistream.trainer.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.levistream.trainer.config.TrainerConfig;

/** Serves a Prometheus registry's scrape at {@code GET /metrics}, on the JDK's HTTP server. */
public final class MetricsEndpoint implements AutoCloseable {
    private final HttpServer server;

    private MetricsEndpoint(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving.
     *
     * @param registry the registry
     * @param port     the port; 0 for a free one
     * @return the running endpoint
     * @throws IOException if the port cannot be bound; a port in use is a {@link BindException} naming the setting
     */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, int port) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (BindException e) {
            var named = new BindException(TrainerConfig.METRICS_PORT + " was " + port + ": " + e.getMessage()
                    + "; choose a free port, 0 for any free one, or -1 to serve no metrics");
            named.initCause(e);
            throw named;
        }
        server.createContext("/metrics", exchange -> scrape(registry, exchange));
        server.start();
        return new MetricsEndpoint(server);
    }

    /**
     * Returns the bound port.
     *
     * @return the port
     */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops serving. */
    @Override
    public void close() {
        server.stop(0);
    }

    private static void scrape(PrometheusMeterRegistry registry, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}

package org.levistream.evaluator.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /events}: server-sent events. Each client first gets the whole view as a {@code state} event, then a
 * {@code point} or {@code alert} event per change, with nothing lost or repeated between the two (the view hands
 * both out under one lock). A comment line every few seconds finds clients that left.
 *
 * <p>Each client holds one HTTP thread while connected, so clients are capped; a client that falls more than
 * {@link #BACKLOG} changes behind is dropped, and the browser's {@code EventSource} reconnects and starts again
 * from a fresh {@code state}.
 */
final class EventStream implements AutoCloseable {
    /** Most clients at once; the rest get 503. */
    static final int MAX_CLIENTS = 16;
    /** Most changes a client may have waiting before it is dropped. */
    static final int BACKLOG = 10_000;

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(5);
    // An empty Optional in a client's queue tells its thread to stop.
    private static final Optional<ViewUpdate> STOP = Optional.empty();

    private final MetricsView view;
    private final Semaphore slots = new Semaphore(MAX_CLIENTS);
    private final Set<BlockingQueue<Optional<ViewUpdate>>> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EventStream(MetricsView view) {
        this.view = view;
    }

    /** Serves one client until it leaves, falls behind, or the dashboard closes. */
    void serve(HttpExchange exchange) throws IOException {
        if (closed || !slots.tryAcquire()) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        BlockingQueue<Optional<ViewUpdate>> queue = new LinkedBlockingQueue<>(BACKLOG);
        clients.add(queue);
        try (exchange; var subscription = view.subscribe(update -> enqueue(queue, update))) {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            send(out, "retry: 2000\n\n");
            send(out, frame("state", DashboardJson.write(subscription.snapshot())));
            pump(queue, out);
        } catch (IOException e) {
            log.debug("Dashboard event client left: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            clients.remove(queue);
            slots.release();
        }
    }

    /** Ends every client's stream. */
    @Override
    public void close() {
        closed = true;
        clients.forEach(queue -> {
            queue.clear();
            queue.offer(STOP);
        });
    }

    private void pump(BlockingQueue<Optional<ViewUpdate>> queue, OutputStream out)
            throws IOException, InterruptedException {
        while (!closed) {
            Optional<ViewUpdate> next = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null) {
                send(out, ": keep-alive\n\n");
            } else if (next.isEmpty()) {
                return;
            } else {
                ViewUpdate update = next.get();
                send(out, frame(DashboardJson.eventName(update), DashboardJson.write(update)));
            }
        }
    }

    // Runs under the view's lock: never blocks. A full queue means the client is too slow; it is told to stop.
    private static void enqueue(BlockingQueue<Optional<ViewUpdate>> queue, ViewUpdate update) {
        if (!queue.offer(Optional.of(update))) {
            queue.clear();
            queue.offer(STOP);
        }
    }

    // One JSON document per event: JSON text has no raw newlines, so one data line is enough.
    private static String frame(String event, String json) {
        return "event: " + event + "\ndata: " + json + "\n\n";
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}

package org.levistream.evaluator.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The dashboard's in-memory model of {@code levi.metrics} and {@code levi.alerts}: series of points by version and
 * alert histories by condition. Thread-safe: the reader thread adds, HTTP threads read and subscribe.
 *
 * <p>A version is scored once per series, but a restarted evaluator may score it again; the later record replaces
 * the earlier, so a series has one point per version and is always in version order, whatever order versions
 * arrive in. Likewise an alert condition keeps one mark per (version, status).
 *
 * <p>Listeners are called under the view's lock, in the order changes were made, so that {@link #subscribe} can
 * hand out a snapshot and a stream of later changes with nothing lost or repeated between them. A listener must
 * therefore return quickly and must not call back into the view: hand the change to a queue.
 */
public final class MetricsView {
    private static final Comparator<AlertMark> MARK_ORDER =
            Comparator.comparingLong(AlertMark::version).thenComparing(AlertMark::status);

    private final Object lock = new Object();
    private final Map<SeriesKey, NavigableMap<Long, MetricPoint>> series = new HashMap<>();
    private final Map<AlertKey, List<AlertMark>> alerts = new HashMap<>();
    private final List<Consumer<ViewUpdate>> listeners = new CopyOnWriteArrayList<>();

    /**
     * Adds a version's point to a series, replacing any point it had for that version, and tells the listeners.
     *
     * @param key   the series
     * @param point the point
     */
    public void add(SeriesKey key, MetricPoint point) {
        var update = new ViewUpdate.PointUpdate(key, point);
        synchronized (lock) {
            series.computeIfAbsent(key, k -> new TreeMap<>()).put(point.version(), point);
            publish(update);
        }
    }

    /**
     * Adds a raise or a resolve to an alert condition, replacing any mark it had for that version and status, and
     * tells the listeners.
     *
     * @param key  the condition
     * @param mark the raise or resolve
     */
    public void add(AlertKey key, AlertMark mark) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mark, "mark");
        synchronized (lock) {
            List<AlertMark> marks = alerts.computeIfAbsent(key, k -> new ArrayList<>());
            marks.removeIf(m -> m.version() == mark.version() && m.status() == mark.status());
            marks.add(mark);
            marks.sort(MARK_ORDER);
            publish(new ViewUpdate.AlertUpdate(track(key, marks)));
        }
    }

    /**
     * Returns everything known now.
     *
     * @return a copy that later changes do not touch
     */
    public ViewSnapshot snapshot() {
        synchronized (lock) {
            List<MetricSeries> all = series.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(SeriesKey.ORDER))
                    .map(e -> new MetricSeries(e.getKey(), List.copyOf(e.getValue().values())))
                    .toList();
            List<AlertTrack> tracks = alerts.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(AlertKey.ORDER))
                    .map(e -> track(e.getKey(), e.getValue()))
                    .toList();
            return new ViewSnapshot(all, tracks);
        }
    }

    /**
     * Returns a snapshot and, from then on, tells {@code listener} every change, so that the two together miss
     * nothing. The listener runs under the view's lock: it must return quickly and not call the view.
     *
     * @param listener told each change, in order
     * @return the snapshot the changes start from; closing it stops the changes
     */
    public Subscription subscribe(Consumer<ViewUpdate> listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (lock) {
            listeners.add(listener);
            return new Subscription(snapshot(), () -> listeners.remove(listener));
        }
    }

    /**
     * Counts the series.
     *
     * @return how many series hold at least one point
     */
    public int seriesCount() {
        synchronized (lock) {
            return series.size();
        }
    }

    /**
     * Counts the alert conditions that hold now.
     *
     * @return how many conditions' latest mark is {@link AlertStatus#OPEN}
     */
    public int openAlertCount() {
        synchronized (lock) {
            return (int) alerts.entrySet().stream()
                    .filter(e -> track(e.getKey(), e.getValue()).status() == AlertStatus.OPEN)
                    .count();
        }
    }

    private void publish(ViewUpdate update) {
        listeners.forEach(listener -> listener.accept(update));
    }

    // The latest version decides; at one version a resolve sorts after the raise it clears.
    private static AlertTrack track(AlertKey key, List<AlertMark> marks) {
        return new AlertTrack(key, marks.get(marks.size() - 1).status(), marks);
    }

    /** A snapshot and the stream of changes after it; closing it stops the changes. Idempotent. */
    public static final class Subscription implements AutoCloseable {
        private final ViewSnapshot snapshot;
        private final Runnable cancel;

        private Subscription(ViewSnapshot snapshot, Runnable cancel) {
            this.snapshot = snapshot;
            this.cancel = cancel;
        }

        /**
         * Returns the state the changes start from.
         *
         * @return the snapshot taken when subscribing
         */
        public ViewSnapshot snapshot() {
            return snapshot;
        }

        /** Stops the changes. */
        @Override
        public void close() {
            cancel.run();
        }
    }
}

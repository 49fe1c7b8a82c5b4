/**
 * The evaluator's dashboard: a plain consumer reads {@code levi.metrics} and {@code levi.alerts} from the beginning
 * into an in-memory {@link org.levistream.evaluator.dashboard.MetricsView}, and the JDK's HTTP server shows it.
 * It is decoupled from the scoring topology: it only reads what the topology wrote.
 *
 * <p>Routes (GET only, bound to {@code 127.0.0.1} unless {@code evaluator.dashboard.host} says otherwise):
 * <ul>
 *   <li>{@code /} the page: per stream, one chart per metric with the ID and every OOD topic across model versions,
 *       95% confidence bands, every experiment overlaid (one dash pattern each), the ID&ndash;OOD gap, and alert
 *       markers where an alert was raised (red) or resolved (green). uPlot draws it: hover for values, drag to
 *       zoom, double-click to zoom out, click a legend entry to hide a line. {@code /?live=0} draws
 *       {@code /api/state} once without an event stream, for headless browsers and static screenshots.</li>
 *   <li>{@code /api/state} the whole view as JSON.</li>
 *   <li>{@code /events} server-sent events: a {@code state} event with the whole view, then a {@code point} or
 *       {@code alert} event per change; the page redraws from them without a reload.</li>
 *   <li>{@code /metrics} the Prometheus scrape of the registry passed to
 *       {@link org.levistream.evaluator.dashboard.Dashboard#start}, which includes the dashboard's own
 *       {@code levi.dashboard.*} meters.</li>
 * </ul>
 *
 * <p>A series is keyed by (stream, experiment, topic, metric, split); the stream is the topic's second dotted
 * segment ({@code levi.images.ood.rotated} is {@code images}). Prequential (windowed) metrics are counted, not
 * yet charted.
 */
package org.levistream.evaluator.dashboard;

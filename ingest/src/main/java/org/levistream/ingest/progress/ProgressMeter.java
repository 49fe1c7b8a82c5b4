package org.levistream.ingest.progress;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Writes a progress line every interval while results are counted: results so far, the rate of this run and, when
 * the total is known or estimated, the share done and the ETA. E.g.
 * {@code ingest movielens: 52000 results (52% of ~100004), 25.1k/s, ETA 0:00:02}.
 *
 * <p>{@link #update(long)} is cheap enough to call per result: it reads the clock and returns. Not thread-safe.
 */
public final class ProgressMeter {
    private static final int CLOCK_EVERY = 64;
    private final String label;
    private final OptionalLong total;
    private final long intervalNanos;
    private final Consumer<String> sink;
    private final LongSupplier nanoTime;
    private long startNanos;
    private long startResults;
    private long nextReportNanos;
    private boolean started;
    private long clockReadAt;

    /**
     * @param label    what is counted, first on every line, e.g. {@code ingest movielens}
     * @param total    the expected total of results, when known or estimated
     * @param interval time between lines; zero or negative writes none
     * @param sink     where lines go (stderr in the CLI)
     * @param nanoTime the monotonic clock, {@link System#nanoTime()} outside tests
     */
    public ProgressMeter(String label, OptionalLong total, Duration interval, Consumer<String> sink,
                         LongSupplier nanoTime) {
        this.label = Objects.requireNonNull(label, "label");
        this.total = Objects.requireNonNull(total, "total");
        this.intervalNanos = interval.isNegative() || interval.isZero() ? Long.MAX_VALUE : interval.toNanos();
        this.sink = Objects.requireNonNull(sink, "sink");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** Starts the rate's clock at {@code results} (those skipped before this run started do not count). */
    public void start(long results) {
        startNanos = nanoTime.getAsLong();
        startResults = results;
        clockReadAt = results;
        nextReportNanos = intervalNanos == Long.MAX_VALUE ? Long.MAX_VALUE : startNanos + intervalNanos;
        started = true;
    }

    /**
     * Counts up to {@code results} in all; writes a line when the interval has passed. The clock is read every
     * {@value #CLOCK_EVERY} results, which is often enough for lines seconds apart and keeps this off the hot path.
     */
    public void update(long results) {
        if (!started) {
            start(results);
            return;
        }
        if (results - clockReadAt < CLOCK_EVERY) {
            return;
        }
        clockReadAt = results;
        long now = nanoTime.getAsLong();
        if (now - nextReportNanos >= 0) {
            sink.accept(line(results, now));
            nextReportNanos = now + intervalNanos;
        }
    }

    /** The line for {@code results} at monotonic time {@code now}. */
    String line(long results, long now) {
        double seconds = Math.max(now - startNanos, 1) / 1e9;
        double rate = (results - startResults) / seconds;
        StringBuilder line = new StringBuilder(label).append(": ").append(results).append(" results");
        if (total.isPresent() && total.getAsLong() > 0) {
            long expected = Math.max(total.getAsLong(), results);
            line.append(String.format(Locale.ROOT, " (%d%% of ~%d)", results * 100 / expected, expected));
        }
        line.append(", ").append(rate(rate)).append("/s");
        if (total.isPresent() && rate > 0) {
            long remaining = Math.max(total.getAsLong() - results, 0);
            line.append(", ETA ").append(clock(Math.round(remaining / rate)));
        }
        return line.toString();
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}

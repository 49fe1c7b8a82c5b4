package org.levistream.experiment.offline;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Console progress of a training loop: steps done, loss, rate and time left, printed at most every
 * {@code everyMillis} and once at the end. Goes to the command's own writer, never the log.
 */
public final class Progress {
    private final PrintWriter out;
    private final String label;
    private final long totalSteps;
    private final int batchSize;
    private final long everyMillis;
    private final long started = System.nanoTime();
    private long lastPrinted = started;

    /**
     * Starts tracking.
     *
     * @param out         where lines go; {@code null} prints nothing
     * @param label       what is being trained, e.g. {@code pretrain movielens}
     * @param totalSteps  steps planned
     * @param batchSize   examples per step, for the samples/s rate
     * @param everyMillis the least time between two lines
     */
    public Progress(PrintWriter out, String label, long totalSteps, int batchSize, long everyMillis) {
        this.out = out;
        this.label = label;
        this.totalSteps = totalSteps;
        this.batchSize = batchSize;
        this.everyMillis = everyMillis;
    }

    /** Reports that {@code done} steps have run, the last with {@code loss}. */
    public void step(long done, float loss) {
        long now = System.nanoTime();
        if (out == null || (done < totalSteps && (now - lastPrinted) / 1_000_000 < everyMillis)) {
            return;
        }
        lastPrinted = now;
        double seconds = (now - started) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long etaSeconds = Math.round((totalSteps - done) / Math.max(rate, 1e-9));
        out.println(String.format(Locale.ROOT, "%s: step %d/%d (%d%%) loss %.4f | %.1f steps/s, %.0f samples/s | %s %s",
                label, done, totalSteps, totalSteps == 0 ? 100 : done * 100 / totalSteps, loss, rate, rate * batchSize,
                done < totalSteps ? "ETA" : "took", clock(done < totalSteps ? etaSeconds : Math.round(seconds))));
        out.flush();
    }

    /** {@code m:ss} or {@code h:mm:ss}. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}

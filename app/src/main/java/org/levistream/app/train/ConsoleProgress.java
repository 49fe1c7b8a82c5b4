package org.levistream.app.train;

import java.io.PrintWriter;
import java.util.Locale;
import org.levistream.trainer.loop.TrainerListener;

/**
 * Prints a trainer's progress for people: waits, the start, a line every few seconds (steps, records, rate, loss,
 * lag, ETA of a bounded run) and one line per checkpoint. Writes through the command's writer.
 */
final class ConsoleProgress implements TrainerListener {
    private static final long EVERY_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final long startNanos = System.nanoTime();
    private long lastPrint = System.nanoTime();
    private long recordsAtLastPrint;

    ConsoleProgress(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void waiting(String what) {
        print(what + " ...");
    }

    @Override
    public void started(String from) {
        print("Training: " + from);
    }

    @Override
    public void stepped(Progress p) {
        long now = System.nanoTime();
        if (now - lastPrint < EVERY_NANOS) {
            return;
        }
        double rate = (p.records() - recordsAtLastPrint) / ((now - lastPrint) / 1e9);
        lastPrint = now;
        recordsAtLastPrint = p.records();
        String eta = p.remaining() < 0 || rate <= 0 ? "" : String.format(Locale.ROOT, ", ETA %s",
                duration((long) (p.remaining() / rate)));
        print(String.format(Locale.ROOT, "step %,d: %,d records (%,.0f/s), loss %.4f, lag %s, dead-lettered %,d%s",
                p.step(), p.records(), rate, p.loss(), p.lag() < 0 ? "?" : String.format(Locale.ROOT, "%,d", p.lag()),
                p.deadLettered(), eta));
    }

    @Override
    public void passBegan(int epoch, int epochs) {
        print(String.format(Locale.ROOT, "pass %d of %d over the stretch begins", epoch, epochs));
    }

    @Override
    public void checkpointed(CheckpointWritten c) {
        print(String.format(Locale.ROOT, "checkpoint step %,d in %d ms -> %s%s", c.step(), c.took().toMillis(),
                c.path(), c.validation().isEmpty() ? "" : " (ID validation " + c.validation() + ")"));
    }

    /** Prints the closing line. */
    void finished(String how) {
        print(how + " after " + duration((System.nanoTime() - startNanos) / 1_000_000_000L));
    }

    private synchronized void print(String line) {
        out.println(line);
        out.flush();
    }

    private static String duration(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
}

package org.levistream.evaluator.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.levistream.model.levi.TaskKind;
import org.levistream.model.metrics.Calibration;
import org.levistream.model.metrics.ExampleLosses;
import org.levistream.model.metrics.Metrics;

/**
 * Running sums of one event-time window of prequential scoring: enough for each metric and its interval without
 * keeping the examples. Ratings keep the squared and absolute errors' sums and sums of squares; classes the count
 * right, the NLL sums, and ECE's bins (so ECE is exact; it has no interval here).
 *
 * @param task  the task
 * @param count examples
 * @param sums  the task's sums: ratings {sq, sq², abs, abs²}; classes {right, nll, nll²}
 * @param bins  classes only: per ECE bin, {count, confidence sum, right}; empty for ratings
 */
public record WindowSums(TaskKind task, long count, double[] sums, double[] bins) {
    private static final int BINS = Calibration.BINS;

    /**
     * Empty sums.
     *
     * @param task the task
     * @return no examples
     */
    public static WindowSums empty(TaskKind task) {
        return new WindowSums(task, 0, new double[task == TaskKind.RATING ? 4 : 3],
                new double[task == TaskKind.RATING ? 0 : 3 * BINS]);
    }

    /**
     * Adds scored examples.
     *
     * @param losses their terms
     * @return the new sums
     */
    public WindowSums plus(ExampleLosses losses) {
        double[] s = sums.clone();
        double[] b = bins.clone();
        if (task == TaskKind.RATING) {
            for (double v : losses.squaredErrors()) {
                s[0] += v;
                s[1] += v * v;
            }
            for (double v : losses.absoluteErrors()) {
                s[2] += v;
                s[3] += v * v;
            }
        } else {
            boolean[] right = losses.correct();
            double[] nll = losses.nll();
            double[] confidence = losses.confidence();
            for (int i = 0; i < right.length; i++) {
                s[0] += right[i] ? 1 : 0;
                s[1] += nll[i];
                s[2] += nll[i] * nll[i];
                int bin = Calibration.bin(confidence[i]);
                b[3 * bin] += 1;
                b[3 * bin + 1] += confidence[i];
                b[3 * bin + 2] += right[i] ? 1 : 0;
            }
        }
        return new WindowSums(task, count + losses.size(), s, b);
    }

    /**
     * The window's metrics.
     *
     * @return RMSE and MAE, or accuracy, NLL and ECE (without interval)
     */
    public List<MetricInterval> metrics() {
        if (task == TaskKind.RATING) {
            return List.of(MetricIntervals.rmse(count, sums[0], sums[1]),
                    MetricIntervals.mean(Metrics.MAE, count, sums[2], sums[3]));
        }
        double ece = 0;
        for (int k = 0; k < BINS; k++) {
            double n = bins[3 * k];
            if (n > 0) {
                ece += Math.abs(bins[3 * k + 2] / n - bins[3 * k + 1] / n) * n;
            }
        }
        return List.of(MetricIntervals.accuracy(count, (long) sums[0]),
                MetricIntervals.mean(Metrics.NLL, count, sums[1], sums[2]),
                new MetricInterval(MetricIntervals.ECE, ece / count, Double.NaN, Double.NaN, (int) count));
    }

    /**
     * Encodes the sums for a state store.
     *
     * @return the bytes
     */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(task.ordinal());
            out.writeLong(count);
            for (double[] array : new double[][] {sums, bins}) {
                out.writeInt(array.length);
                for (double v : array) {
                    out.writeDouble(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes sums.
     *
     * @param bytes what {@link #encode} wrote
     * @return the sums
     */
    public static WindowSums decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            TaskKind task = TaskKind.values()[in.readByte()];
            long count = in.readLong();
            double[][] arrays = new double[2][];
            for (int a = 0; a < 2; a++) {
                arrays[a] = new double[in.readInt()];
                for (int i = 0; i < arrays[a].length; i++) {
                    arrays[a][i] = in.readDouble();
                }
            }
            return new WindowSums(task, count, arrays[0], arrays[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

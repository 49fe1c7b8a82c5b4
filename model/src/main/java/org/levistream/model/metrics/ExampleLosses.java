package org.levistream.model.metrics;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.levistream.model.levi.TaskKind;

/**
 * Each example's loss terms, in the order the examples were scored: what a paired comparison of two versions on the
 * same examples needs (the evaluator's degradation tests). Ratings give squared and absolute errors of the clipped
 * prediction; classes give correctness, negative log-likelihood and confidence. They are the very terms
 * {@link MetricAccumulator} sums into {@link Metrics}, so a metric and its per-example terms always agree.
 */
public final class ExampleLosses {
    private final TaskKind task;
    private final int size;
    private final double[] first;
    private final double[] second;
    private final double[] third;

    private ExampleLosses(TaskKind task, int size, double[] first, double[] second, double[] third) {
        this.task = task;
        this.size = size;
        this.first = Arrays.copyOf(first, size);
        this.second = Arrays.copyOf(second, size);
        this.third = Arrays.copyOf(third, size);
    }

    /** The task the terms belong to. */
    public TaskKind task() {
        return task;
    }

    /** How many examples. */
    public int size() {
        return size;
    }

    /** Ratings: each example's squared error (clipped prediction minus rating, squared). */
    public double[] squaredErrors() {
        return ratingTerm(first);
    }

    /** Ratings: each example's absolute error. */
    public double[] absoluteErrors() {
        return ratingTerm(second);
    }

    /** Classes: whether each example's predicted class was its true class. */
    public boolean[] correct() {
        double[] c = classTerm(first);
        boolean[] out = new boolean[size];
        for (int i = 0; i < size; i++) {
            out[i] = c[i] == 1;
        }
        return out;
    }

    /** Classes: each example's negative log-likelihood of its true class, in nats. */
    public double[] nll() {
        return classTerm(second);
    }

    /** Classes: each example's confidence, the probability of its predicted class ({@link Calibration}). */
    public double[] confidence() {
        return classTerm(third);
    }

    /**
     * Terms read back from elsewhere (a state store), in the layout {@link #writeTo} writes.
     *
     * @param in where the terms were written; read from its position
     * @return the terms
     */
    public static ExampleLosses readFrom(ByteBuffer in) {
        TaskKind task = TaskKind.values()[in.get()];
        int size = in.getInt();
        double[][] terms = new double[3][size];
        for (int i = 0; i < size; i++) {
            for (double[] t : terms) {
                t[i] = in.getDouble();
            }
        }
        return new ExampleLosses(task, size, terms[0], terms[1], terms[2]);
    }

    /**
     * The bytes {@link #writeTo} writes.
     *
     * @return 5 + 24 per example
     */
    public int byteSize() {
        return 5 + 24 * size;
    }

    /**
     * Writes the terms: the task, the size, then each example's three terms. A slice of a scoring kept in a state
     * store is read back with {@link #readFrom} and joined with {@link #concat}.
     *
     * @param out where to write, at its position; {@link #byteSize()} bytes
     */
    public void writeTo(ByteBuffer out) {
        out.put((byte) task.ordinal());
        out.putInt(size);
        for (int i = 0; i < size; i++) {
            out.putDouble(first[i]);
            out.putDouble(second[i]);
            out.putDouble(third[i]);
        }
    }

    /**
     * Joins scorings of consecutive slices of one example list.
     *
     * @param task  the task every part belongs to
     * @param parts the slices' terms, in order
     * @return the terms of every example, in the parts' order
     */
    public static ExampleLosses concat(TaskKind task, List<ExampleLosses> parts) {
        Builder all = new Builder(task);
        for (ExampleLosses p : parts) {
            if (p.task != task) {
                throw new IllegalArgumentException("a " + p.task + " part among " + task + " terms");
            }
            for (int i = 0; i < p.size; i++) {
                all.add(p.first[i], p.second[i], p.third[i]);
            }
        }
        return all.build();
    }

    /**
     * Picks some examples' terms, e.g. those two versions were both scored on.
     *
     * @param indices positions in this list, in the order wanted
     * @return their terms
     */
    public ExampleLosses select(int[] indices) {
        Builder picked = new Builder(task);
        for (int i : indices) {
            picked.add(first[i], second[i], third[i]);
        }
        return picked.build();
    }

    private double[] ratingTerm(double[] values) {
        if (task != TaskKind.RATING) {
            throw new IllegalStateException("rating errors of a " + task + " task");
        }
        return values.clone();
    }

    private double[] classTerm(double[] values) {
        if (task == TaskKind.RATING) {
            throw new IllegalStateException("class terms of a rating task");
        }
        return values.clone();
    }

    /** Collects the terms as the accumulator computes them. */
    static final class Builder {
        private final TaskKind task;
        private int size;
        private double[] first = new double[64];
        private double[] second = new double[64];
        private double[] third = new double[64];

        Builder(TaskKind task) {
            this.task = task;
        }

        void add(double a, double b, double c) {
            if (size == first.length) {
                first = Arrays.copyOf(first, size * 2);
                second = Arrays.copyOf(second, size * 2);
                third = Arrays.copyOf(third, size * 2);
            }
            first[size] = a;
            second[size] = b;
            third[size] = c;
            size++;
        }

        ExampleLosses build() {
            return new ExampleLosses(task, size, first, second, third);
        }
    }
}

package org.levistream.experiment.offline;

import ai.djl.ndarray.NDManager;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.TaskKind;

/** A view of some examples of another set, by index; nothing is copied. */
public final class Subset implements ExampleSet {
    private final String name;
    private final ExampleSet base;
    private final int[] indexes;

    /**
     * A view.
     *
     * @param name    the view's name
     * @param base    the underlying set
     * @param indexes the base examples in the view, in view order
     */
    public Subset(String name, ExampleSet base, int[] indexes) {
        this.name = name;
        this.base = base;
        this.indexes = indexes.clone();
    }

    /**
     * Splits a set into two views by a seeded hash of the index: about {@code fraction} of it goes to the second.
     *
     * @param set      the set
     * @param fraction share of the second view, in (0, 1)
     * @param seed     the split's seed
     * @return {@code [first, second]}
     */
    public static Subset[] split(ExampleSet set, double fraction, long seed) {
        int[] first = new int[set.size()];
        int[] second = new int[set.size()];
        int a = 0;
        int b = 0;
        for (int i = 0; i < set.size(); i++) {
            long h = mix(seed * 0x9E3779B97F4A7C15L + i);
            if ((h >>> 11) * 0x1.0p-53 < fraction) {
                second[b++] = i;
            } else {
                first[a++] = i;
            }
        }
        return new Subset[] {new Subset(set.name() + "-train", set, java.util.Arrays.copyOf(first, a)),
                new Subset(set.name() + "-validation", set, java.util.Arrays.copyOf(second, b))};
    }

    /** SplitMix64's finaliser: a well-mixed hash of the index. */
    private static long mix(long x) {
        long z = (x ^ (x >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TaskKind task() {
        return base.task();
    }

    @Override
    public int size() {
        return indexes.length;
    }

    @Override
    public Batch batch(NDManager manager, int[] order, int from, int to) {
        int[] mapped = new int[to - from];
        for (int k = 0; k < mapped.length; k++) {
            mapped[k] = indexes[order[from + k]];
        }
        return base.batch(manager, mapped, 0, mapped.length);
    }

    @Override
    public float label(int i) {
        return base.label(indexes[i]);
    }
}

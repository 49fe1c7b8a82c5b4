package org.levistream.experiment.offline;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.features.TextBag;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.TaskKind;

/**
 * Labelled texts for binary classification (Amazon reviews: great or other), kept as their hashed word and bigram
 * buckets ({@link TextBag}) and expanded to dense {@code [batch, buckets]} rows only when a batch is built: 5,000
 * reviews hold about 100 buckets each, where dense rows would take 16,384 floats.
 *
 * <p>Batches carry both sides: the small model's bag rows as the task input, and the texts, as {@link TextCorpus}
 * numbers ({@code [batch]} int64), as the backbone input: the MiniLM backbones ({@code BertViews},
 * {@code BertTopLayers}) read the texts' cached views from them. No tap-cache keys: the views are already cached
 * per text.
 */
public final class TextSet implements ExampleSet {
    /** Class index of a review that gave 5 stars. */
    public static final int GREAT = 1;
    /** Class index of every other review. */
    public static final int OTHER = 0;

    private final String name;
    private final TextBag bag;
    private final List<int[]> features = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final List<Integer> texts = new ArrayList<>();
    private final TextCorpus corpus;

    /**
     * An empty set.
     *
     * @param name   the set's name
     * @param bag    how texts become buckets
     * @param corpus numbers the texts; the same for every set of a run
     */
    public TextSet(String name, TextBag bag, TextCorpus corpus) {
        this.name = name;
        this.bag = bag;
        this.corpus = corpus;
    }

    /** The corpus that numbers this set's texts. */
    public TextCorpus corpus() {
        return corpus;
    }

    /**
     * Appends one example.
     *
     * @param text  the example's text; may be {@code null}
     * @param label {@link #GREAT} or {@link #OTHER}
     * @param key   the example's id, unique in the run (kept for callers; batches are keyed by text)
     */
    public void add(String text, int label, String key) {
        if (label != GREAT && label != OTHER) {
            throw new IllegalArgumentException("label was " + label + " but must be 0 (other) or 1 (great)");
        }
        features.add(bag.features(text));
        labels.add(label);
        texts.add(corpus.number(text));
    }

    /** The bag's width, the small model's input width. */
    public int buckets() {
        return bag.buckets();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TaskKind task() {
        return TaskKind.CLASSIFICATION;
    }

    @Override
    public int size() {
        return labels.size();
    }

    @Override
    public float label(int i) {
        return labels.get(i);
    }

    @Override
    public Batch batch(NDManager manager, int[] order, int from, int to) {
        int n = to - from;
        int width = bag.buckets();
        float[] x = new float[n * width];
        long[] y = new long[n];
        long[] numbers = new long[n];
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            bag.writeRow(features.get(i), x, k * width);
            y[k] = labels.get(i);
            numbers[k] = texts.get(i);
        }
        return new Batch(new NDList(manager.create(numbers)), new NDList(manager.create(x, new Shape(n, width))),
                manager.create(y), List.of());
    }
}

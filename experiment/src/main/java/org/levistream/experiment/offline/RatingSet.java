package org.levistream.experiment.offline;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.List;
import org.levistream.model.cache.TextCorpus;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.TaskKind;

/**
 * Ratings as featurized rows: the backbone's {@code [content | user context]} row, the small model's two hashed
 * ids and the rating. Grows while a loader appends, then is read only.
 *
 * <p>A set made with a {@link TextCorpus} (language-based MovieLens) also keeps each example's item text, as its
 * corpus number, and its batches carry those numbers as a second backbone input ({@code [batch]} int64) after the
 * rows: fine-tuning MiniLM's top layers reads the item's text from them, while backbones that only slice the rows
 * ({@code TextViewTaps}) read the first input alone and see exactly what they saw before.
 */
public final class RatingSet implements ExampleSet {
    private final String name;
    private final int width;
    private float[] features = new float[0];
    private long[] ids = new long[0];
    private float[] ratings = new float[0];
    private String[] keys = new String[0];
    private final TextCorpus corpus;
    private long[] texts = new long[0];
    private int size;

    /**
     * An empty set.
     *
     * @param name  the set's name
     * @param width the backbone row's width
     */
    public RatingSet(String name, int width) {
        this(name, width, null);
    }

    /**
     * An empty set that also keeps each example's item text.
     *
     * @param name   the set's name
     * @param width  the backbone row's width
     * @param corpus numbers the item texts, the same for every set of a run; {@code null} to keep none
     */
    public RatingSet(String name, int width, TextCorpus corpus) {
        this.name = name;
        this.width = width;
        this.corpus = corpus;
    }

    /** The corpus that numbers the item texts, or {@code null} when the set keeps none. */
    public TextCorpus corpus() {
        return corpus;
    }

    /** Appends one example; the row and ids are copied from the given offsets. */
    public void add(float[] row, int rowOffset, long[] idRow, int idOffset, float rating, String key) {
        if (corpus != null) {
            throw new IllegalStateException("set " + name + " keeps item texts; add each example with its text");
        }
        append(row, rowOffset, idRow, idOffset, rating, key, -1);
    }

    /**
     * Appends one example with its item text; the row and ids are copied from the given offsets.
     *
     * @param itemText the text the item's views were computed from
     */
    public void add(float[] row, int rowOffset, long[] idRow, int idOffset, float rating, String key,
                    String itemText) {
        if (corpus == null) {
            throw new IllegalStateException("set " + name + " was made without a text corpus");
        }
        append(row, rowOffset, idRow, idOffset, rating, key, corpus.number(itemText));
    }

    private void append(float[] row, int rowOffset, long[] idRow, int idOffset, float rating, String key,
                        long text) {
        if (size == ratings.length) {
            int grown = Math.max(1024, size * 2);
            features = Arrays.copyOf(features, grown * width);
            ids = Arrays.copyOf(ids, grown * RecommendationFeaturizer.ID_FIELDS);
            ratings = Arrays.copyOf(ratings, grown);
            keys = Arrays.copyOf(keys, grown);
            texts = corpus == null ? texts : Arrays.copyOf(texts, grown);
        }
        if (corpus != null) {
            texts[size] = text;
        }
        System.arraycopy(row, rowOffset, features, size * width, width);
        System.arraycopy(idRow, idOffset, ids, size * RecommendationFeaturizer.ID_FIELDS,
                RecommendationFeaturizer.ID_FIELDS);
        ratings[size] = rating;
        keys[size] = key;
        size++;
    }

    /**
     * Copies one example's backbone row.
     *
     * @param i the example's index
     * @return its {@link #width()} features
     */
    public float[] row(int i) {
        Objects.checkIndex(i, size);
        return Arrays.copyOfRange(features, i * width, (i + 1) * width);
    }

    /** The backbone row's width. */
    public int width() {
        return width;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public TaskKind task() {
        return TaskKind.RATING;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public float label(int i) {
        return ratings[i];
    }

    /** Mean rating, e.g. for a constant-prediction baseline. */
    public double meanRating() {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += ratings[i];
        }
        return size == 0 ? Double.NaN : sum / size;
    }

    /** Maps one example's bucket of one id field (0 user, 1 item) to the bucket the model sees. */
    @FunctionalInterface
    public interface IdRemap {
        /** The bucket to use for example {@code index}'s field {@code field}, currently {@code bucket}. */
        long remap(int index, int field, long bucket);
    }

    /** The bucket of example {@code i}'s id field {@code field}. */
    public long bucket(int i, int field) {
        return ids[i * RecommendationFeaturizer.ID_FIELDS + field];
    }

    /**
     * The corpus number of example {@code i}'s item text.
     *
     * @throws IllegalStateException if the set keeps no texts
     */
    public long textNumber(int i) {
        if (corpus == null) {
            throw new IllegalStateException("set " + name + " was made without a text corpus");
        }
        Objects.checkIndex(i, size);
        return texts[i];
    }

    /** The cache key of example {@code i}. */
    public String key(int i) {
        return keys[i];
    }

    @Override
    public Batch batch(NDManager manager, int[] order, int from, int to) {
        return batch(manager, order, from, to, null);
    }

    /** A batch whose id buckets pass through {@code remap} (none: as stored). */
    public Batch batch(NDManager manager, int[] order, int from, int to, IdRemap remap) {
        int n = to - from;
        int fields = RecommendationFeaturizer.ID_FIELDS;
        float[] x = new float[n * width];
        long[] b = new long[n * fields];
        float[] y = new float[n];
        long[] numbers = corpus == null ? null : new long[n];
        List<String> batchKeys = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            System.arraycopy(features, i * width, x, k * width, width);
            System.arraycopy(ids, i * fields, b, k * fields, fields);
            if (remap != null) {
                for (int f = 0; f < fields; f++) {
                    b[k * fields + f] = remap.remap(i, f, b[k * fields + f]);
                }
            }
            y[k] = ratings[i];
            batchKeys.add(keys[i]);
            if (numbers != null) {
                numbers[k] = texts[i];
            }
        }
        NDList backbone = new NDList(manager.create(x, new Shape(n, width)));
        if (numbers != null) {
            backbone.add(manager.create(numbers));
        }
        return new Batch(backbone,
                new NDList(manager.create(b, new Shape(n, fields))), manager.create(y), batchKeys)
                .withIdRows(b, fields, manager);
    }
}

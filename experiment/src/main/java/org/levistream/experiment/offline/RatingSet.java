package org.levistream.experiment.offline;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Objects;
import java.util.List;
import org.levistream.model.features.RecommendationFeaturizer;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.TaskKind;

/**
 * Ratings as featurized rows: the backbone's {@code [content | user context]} row, the small model's two hashed
 * ids and the rating. Grows while a loader appends, then is read only.
 */
public final class RatingSet implements ExampleSet {
    private final String name;
    private final int width;
    private float[] features = new float[0];
    private long[] ids = new long[0];
    private float[] ratings = new float[0];
    private String[] keys = new String[0];
    private int size;

    /**
     * An empty set.
     *
     * @param name  the set's name
     * @param width the backbone row's width
     */
    public RatingSet(String name, int width) {
        this.name = name;
        this.width = width;
    }

    /** Appends one example; the row and ids are copied from the given offsets. */
    public void add(float[] row, int rowOffset, long[] idRow, int idOffset, float rating, String key) {
        if (size == ratings.length) {
            int grown = Math.max(1024, size * 2);
            features = Arrays.copyOf(features, grown * width);
            ids = Arrays.copyOf(ids, grown * RecommendationFeaturizer.ID_FIELDS);
            ratings = Arrays.copyOf(ratings, grown);
            keys = Arrays.copyOf(keys, grown);
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
        }
        return new Batch(new NDList(manager.create(x, new Shape(n, width))),
                new NDList(manager.create(b, new Shape(n, fields))), manager.create(y), batchKeys)
                .withIdRows(b, fields, manager);
    }
}

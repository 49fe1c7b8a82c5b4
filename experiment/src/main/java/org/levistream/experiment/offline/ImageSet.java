package org.levistream.experiment.offline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.TaskKind;

/**
 * Labelled 28x28 images kept as 8-bit pixels (a quarter of the memory of floats) and normalized by
 * {@link ImageFeaturizer} when a batch is built. The same array feeds the backbone and the small CNN.
 */
public final class ImageSet implements ExampleSet {
    private static final int PIXELS = ImageFeaturizer.PIXELS;

    private final String name;
    private final ImageFeaturizer featurizer;
    private byte[] pixels = new byte[0];
    private int[] labels = new int[0];
    private String[] keys = new String[0];
    private int size;

    /**
     * An empty set.
     *
     * @param name       the set's name
     * @param featurizer how pixels become floats
     */
    public ImageSet(String name, ImageFeaturizer featurizer) {
        this.name = name;
        this.featurizer = featurizer;
    }

    /** Appends one image of 784 bytes (row-major, one channel) with its label and unique id. */
    public void add(byte[] image, int label, String id) {
        if (image.length != PIXELS) {
            throw new IllegalArgumentException("image " + id + " has " + image.length + " bytes, not 784");
        }
        if (size == labels.length) {
            int grown = Math.max(1024, size * 2);
            pixels = Arrays.copyOf(pixels, grown * PIXELS);
            labels = Arrays.copyOf(labels, grown);
            keys = Arrays.copyOf(keys, grown);
        }
        System.arraycopy(image, 0, pixels, size * PIXELS, PIXELS);
        labels[size] = label;
        keys[size] = id;
        size++;
    }

    /** Image {@code i}'s pixels, copied. */
    public byte[] pixels(int i) {
        return Arrays.copyOfRange(pixels, i * PIXELS, (i + 1) * PIXELS);
    }

    /** Image {@code i}'s id, its cache key. */
    public String key(int i) {
        return keys[i];
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
        return size;
    }

    @Override
    public float label(int i) {
        return labels[i];
    }

    @Override
    public Batch batch(NDManager manager, int[] order, int from, int to) {
        int n = to - from;
        float[] x = new float[n * PIXELS];
        long[] y = new long[n];
        List<String> batchKeys = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            featurizer.normalizeInto(ByteBuffer.wrap(pixels, i * PIXELS, PIXELS).slice(), ImageFeaturizer.SIDE,
                    ImageFeaturizer.SIDE, 1, x, k * PIXELS);
            y[k] = labels[i];
            batchKeys.add(keys[i]);
        }
        NDArray images = manager.create(x, new Shape(n, 1, ImageFeaturizer.SIDE, ImageFeaturizer.SIDE));
        return new Batch(new NDList(images), new NDList(images), manager.create(y), batchKeys);
    }
}

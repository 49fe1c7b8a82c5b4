package org.levistream.trainer.batching;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.levistream.model.features.ImageFeaturizer;
import org.levistream.model.levi.Batch;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.registry.SchemaRegistryClient;

/**
 * The image featurizer: each grey 28x28 image becomes {@link ImageFeaturizer}'s normalized floats (MNIST's statistics,
 * as the offline digits protocol and {@code levi pretrain} normalize), one {@code [batch, 1, 28, 28]} array that feeds
 * both the backbone and the small CNN, and the label is the class index (int64). Stateless: each record's features
 * depend on that record alone.
 *
 * <p>Its {@link ImageRecordDecoder} refuses, as poison, images of another size and labels outside the model's classes,
 * so every record handed to it fits. Training batches carry no tap-cache keys (see {@code ModelSetup}).
 */
public final class ImageFeatures implements BatchBuilder<ImageEvent> {
    /** The one image shape the featurizer makes, {@code (channels, height, width)}. */
    public static final List<Long> INPUT_SHAPE = List.of(1L, (long) ImageFeaturizer.SIDE, (long) ImageFeaturizer.SIDE);

    private final ImageFeaturizer featurizer = ImageFeaturizer.mnist();
    private final int classes;

    /**
     * Creates the featurizer.
     *
     * @param classes the model's classes ({@code model.classes}); labels outside {@code [0, classes)} are poison
     */
    public ImageFeatures(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes was " + classes + " but must be at least 2");
        }
        this.classes = classes;
    }

    @Override
    public RecordDecoder<ImageEvent> decoder(SchemaRegistryClient registry) {
        return new ImageRecordDecoder(registry, INPUT_SHAPE, classes);
    }

    @Override
    public Batch training(List<ImageEvent> events, NDManager manager) {
        return scoring(events, manager);
    }

    @Override
    public Batch scoring(List<ImageEvent> events, NDManager manager) {
        int n = events.size();
        int pixels = ImageFeaturizer.PIXELS;
        float[] x = new float[n * pixels];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            ImageEvent e = events.get(i);
            featurizer.normalizeInto(e.bytes(), e.height(), e.width(), e.channels(), x, i * pixels);
            y[i] = e.label();
        }
        NDArray images = manager.create(x, new Shape(n, 1, ImageFeaturizer.SIDE, ImageFeaturizer.SIDE));
        return Batch.of(new NDList(images), new NDList(images), manager.create(y));
    }

    @Override
    public double label(ImageEvent event) {
        return event.label();
    }

    @Override
    public Shape backboneInputShape() {
        return new Shape(INPUT_SHAPE.stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public Class<ImageEvent> recordType() {
        return ImageEvent.class;
    }

    @Override
    public String name() {
        return "image";
    }
}

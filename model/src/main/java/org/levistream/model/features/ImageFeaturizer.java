package org.levistream.model.features;

import java.nio.ByteBuffer;

/**
 * Turns 28x28 one-channel 8-bit images (MNIST's layout; other sources are resized to it at ingest) into the
 * normalized float rows the image backbone and small CNN take: {@code (v / 255 - mean) / std} per pixel,
 * row-major, i.e. one {@code [1, 28, 28]} example.
 *
 * <p>One fixed normalization for every domain (MNIST's statistics by default), so that a shifted domain is seen as
 * it is rather than re-standardized.
 */
public final class ImageFeaturizer {
    /** The side every image must have. */
    public static final int SIDE = 28;
    /** Pixels per image. */
    public static final int PIXELS = SIDE * SIDE;
    /** MNIST's mean pixel value on the [0, 1] scale. */
    public static final float MNIST_MEAN = 0.1307f;
    /** MNIST's pixel standard deviation on the [0, 1] scale. */
    public static final float MNIST_STD = 0.3081f;

    private final float[] lookup = new float[256];

    /**
     * Creates a featurizer.
     *
     * @param mean subtracted after scaling to [0, 1]
     * @param std  divided by afterwards; positive
     */
    public ImageFeaturizer(float mean, float std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("std was " + std + " but must be positive");
        }
        for (int v = 0; v < 256; v++) {
            lookup[v] = (v / 255f - mean) / std;
        }
    }

    /**
     * Normalizes with MNIST's statistics.
     *
     * @return the featurizer
     */
    public static ImageFeaturizer mnist() {
        return new ImageFeaturizer(MNIST_MEAN, MNIST_STD);
    }

    /**
     * Writes one image's normalized pixels.
     *
     * @param pixels   {@code height * width * channels} unsigned bytes, row-major; read from position 0, not
     *                 consumed
     * @param height   must be 28
     * @param width    must be 28
     * @param channels must be 1
     * @param into     the destination
     * @param offset   where the {@link #PIXELS} floats start
     * @throws IllegalArgumentException for another size or channel count, or too few bytes
     */
    public void normalizeInto(ByteBuffer pixels, int height, int width, int channels, float[] into, int offset) {
        if (height != SIDE || width != SIDE || channels != 1 || pixels.limit() < PIXELS) {
            throw new IllegalArgumentException("expected a 28x28 one-channel image of 784 bytes, got " + height + "x"
                    + width + "x" + channels + " with " + pixels.limit() + " bytes");
        }
        for (int i = 0; i < PIXELS; i++) {
            into[offset + i] = lookup[pixels.get(i) & 0xFF];
        }
    }

    /**
     * Writes one image's normalized pixels from an array.
     *
     * @param pixels 784 unsigned bytes, row-major
     * @param into   the destination
     * @param offset where the {@link #PIXELS} floats start
     */
    public void normalizeInto(byte[] pixels, float[] into, int offset) {
        normalizeInto(ByteBuffer.wrap(pixels), SIDE, SIDE, 1, into, offset);
    }
}

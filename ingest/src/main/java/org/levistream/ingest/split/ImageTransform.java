package org.levistream.ingest.split;

import java.util.Random;

/**
 * A pixel-level shift that makes an OOD copy of an image. Works on {@code RAW_U8} pixels, {@code height x width x
 * channels}, row-major, channels last; returns a new array of the same size and never changes its input. Every
 * transform is deterministic: noise is seeded by the transform's seed and the record id, so a record's copy is the
 * same on every run.
 */
public sealed interface ImageTransform {
    /** The transformed pixels. */
    byte[] apply(byte[] pixels, int height, int width, int channels, String recordId);

    /** A short label for ids and default domains, e.g. {@code rotated-30}. */
    String label();

    /**
     * Rotation about the image centre, counter-clockwise for positive degrees (as PIL's {@code rotate}), bilinear,
     * with background (0) where the rotated image does not reach.
     *
     * @param degrees the angle, in [-360, 360]
     */
    record Rotate(double degrees) implements ImageTransform {
        /** Checks the angle. */
        public Rotate {
            if (!(degrees >= -360 && degrees <= 360)) {
                throw new IllegalArgumentException("rotate was " + degrees + " but must be degrees in [-360, 360]");
            }
        }

        @Override
        public byte[] apply(byte[] pixels, int height, int width, int channels, String recordId) {
            byte[] out = new byte[pixels.length];
            double rad = Math.toRadians(degrees);
            double cos = Math.cos(rad);
            double sin = Math.sin(rad);
            double cy = (height - 1) / 2.0;
            double cx = (width - 1) / 2.0;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    // Inverse map: where in the source this destination pixel comes from (y grows downwards).
                    double sx = cx + cos * (x - cx) - sin * (y - cy);
                    double sy = cy + sin * (x - cx) + cos * (y - cy);
                    for (int c = 0; c < channels; c++) {
                        out[(y * width + x) * channels + c] = (byte) Math.round(
                                Pixels.bilinear(pixels, height, width, channels, c, sy, sx));
                    }
                }
            }
            return out;
        }

        @Override
        public String label() {
            return "rotated-" + Pixels.plain(degrees);
        }
    }

    /**
     * Additive Gaussian noise, clipped to [0, 255].
     *
     * @param sigma standard deviation in pixel units, in (0, 255]
     * @param seed  the seed, combined with the record id
     */
    record Noise(double sigma, long seed) implements ImageTransform {
        /** Checks sigma. */
        public Noise {
            if (!(sigma > 0 && sigma <= 255)) {
                throw new IllegalArgumentException("sigma was " + sigma + " but must be in (0, 255] (pixel units)");
            }
        }

        @Override
        public byte[] apply(byte[] pixels, int height, int width, int channels, String recordId) {
            // java.util.Random's Gaussian is specified exactly, so the noise is the same on every JDK.
            Random random = new Random(seed * 31 + StableHash.murmur3(recordId, StableHash.fold(seed)));
            byte[] out = new byte[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                out[i] = Pixels.clip((pixels[i] & 0xff) + random.nextGaussian() * sigma);
            }
            return out;
        }

        @Override
        public String label() {
            return "noise-" + Pixels.plain(sigma);
        }
    }

    /**
     * Box blur: each pixel becomes the mean of the {@code (2r+1) x (2r+1)} square around it, edges repeated.
     *
     * @param radius r, in [1, 14]
     */
    record Blur(int radius) implements ImageTransform {
        /** Checks the radius. */
        public Blur {
            if (radius < 1 || radius > 14) {
                throw new IllegalArgumentException("blur was " + radius + " but must be a radius in [1, 14] pixels");
            }
        }

        @Override
        public byte[] apply(byte[] pixels, int height, int width, int channels, String recordId) {
            return Pixels.boxBlur(pixels, height, width, channels, radius);
        }

        @Override
        public String label() {
            return "blur-" + radius;
        }
    }

    /**
     * Contrast about the image's mean (as PIL's {@code ImageEnhance.Contrast}): {@code mean + factor * (v - mean)},
     * clipped; below 1 flattens, above 1 sharpens.
     *
     * @param factor in [0, 10]
     */
    record Contrast(double factor) implements ImageTransform {
        /** Checks the factor. */
        public Contrast {
            if (!(factor >= 0 && factor <= 10)) {
                throw new IllegalArgumentException("contrast was " + factor + " but must be a factor in [0, 10]");
            }
        }

        @Override
        public byte[] apply(byte[] pixels, int height, int width, int channels, String recordId) {
            double sum = 0;
            for (byte p : pixels) {
                sum += p & 0xff;
            }
            double mean = pixels.length == 0 ? 0 : sum / pixels.length;
            byte[] out = new byte[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                out[i] = Pixels.clip(mean + factor * ((pixels[i] & 0xff) - mean));
            }
            return out;
        }

        @Override
        public String label() {
            return "contrast-" + Pixels.plain(factor);
        }
    }

    /** Inversion: {@code 255 - v}; white digits on black become black on white. */
    record Invert() implements ImageTransform {
        @Override
        public byte[] apply(byte[] pixels, int height, int width, int channels, String recordId) {
            byte[] out = new byte[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                out[i] = (byte) (255 - (pixels[i] & 0xff));
            }
            return out;
        }

        @Override
        public String label() {
            return "inverted";
        }
    }
}

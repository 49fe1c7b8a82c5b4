package org.levistream.ingest.readers;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/** Pixel work for the image readers; images are one-channel, unsigned 8-bit, row-major byte arrays. */
final class GreyPixels {
    private GreyPixels() {
    }

    /**
     * The image as 8-bit grey. Grey images keep their sample values (scaled to 8 bits), read from the raster: going
     * through {@code getRGB} would pass them through Java's linear grey colour space and brighten them. Colour
     * images give the ITU-R 601 luma of their sRGB values, as PIL's {@code convert("L")} does; alpha is ignored.
     */
    static byte[] toGrey(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        byte[] grey = new byte[h * w];
        boolean greySamples = !(image.getColorModel() instanceof IndexColorModel)
                && image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        if (greySamples) {
            Raster raster = image.getRaster();
            int shift = Math.max(0, raster.getSampleModel().getSampleSize(0) - 8);
            int scaleUp = raster.getSampleModel().getSampleSize(0) < 8
                    ? 255 / ((1 << raster.getSampleModel().getSampleSize(0)) - 1) : 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    grey[y * w + x] = (byte) ((raster.getSample(x, y, 0) >>> shift) * scaleUp);
                }
            }
            return grey;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = image.getRGB(x, y);
                int luma = (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff) + 500) / 1000;
                grey[y * w + x] = (byte) luma;
            }
        }
        return grey;
    }

    /**
     * Bilinear resize with pixel centres aligned (as PIL and OpenCV do): destination pixel {@code x} samples the
     * source at {@code (x + 0.5) * srcW / dstW - 0.5}, clamped to the edge.
     */
    static byte[] resizeBilinear(byte[] src, int srcH, int srcW, int dstH, int dstW) {
        byte[] dst = new byte[dstH * dstW];
        for (int y = 0; y < dstH; y++) {
            double sy = clamp((y + 0.5) * srcH / dstH - 0.5, srcH - 1);
            int y0 = (int) sy;
            int y1 = Math.min(y0 + 1, srcH - 1);
            double fy = sy - y0;
            for (int x = 0; x < dstW; x++) {
                double sx = clamp((x + 0.5) * srcW / dstW - 0.5, srcW - 1);
                int x0 = (int) sx;
                int x1 = Math.min(x0 + 1, srcW - 1);
                double fx = sx - x0;
                double top = u8(src, y0 * srcW + x0) * (1 - fx) + u8(src, y0 * srcW + x1) * fx;
                double bottom = u8(src, y1 * srcW + x0) * (1 - fx) + u8(src, y1 * srcW + x1) * fx;
                dst[y * dstW + x] = (byte) Math.round(top * (1 - fy) + bottom * fy);
            }
        }
        return dst;
    }

    /** Centres {@code src} in a {@code dstH x dstW} canvas of zeros (background). */
    static byte[] pad(byte[] src, int srcH, int srcW, int dstH, int dstW) {
        byte[] dst = new byte[dstH * dstW];
        int top = (dstH - srcH) / 2;
        int left = (dstW - srcW) / 2;
        for (int y = 0; y < srcH; y++) {
            System.arraycopy(src, y * srcW, dst, (top + y) * dstW + left, srcW);
        }
        return dst;
    }

    private static int u8(byte[] pixels, int i) {
        return pixels[i] & 0xff;
    }

    private static double clamp(double v, int max) {
        return Math.max(0, Math.min(max, v));
    }
}

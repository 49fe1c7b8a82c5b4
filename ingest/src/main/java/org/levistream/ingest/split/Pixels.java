package org.levistream.ingest.split;

import java.math.BigDecimal;

/** Pixel helpers of the transforms: {@code RAW_U8}, row-major, channels last. */
final class Pixels {
    private Pixels() {
    }

    static byte clip(double v) {
        return (byte) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Bilinear sample of channel {@code c} at ({@code y}, {@code x}); 0 outside the image. */
    static double bilinear(byte[] p, int h, int w, int channels, int c, double y, double x) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (1 - fy) * ((1 - fx) * at(p, h, w, channels, c, y0, x0) + fx * at(p, h, w, channels, c, y0, x0 + 1))
                + fy * ((1 - fx) * at(p, h, w, channels, c, y0 + 1, x0) + fx * at(p, h, w, channels, c, y0 + 1, x0 + 1));
    }

    private static int at(byte[] p, int h, int w, int channels, int c, int y, int x) {
        return y < 0 || y >= h || x < 0 || x >= w ? 0 : p[(y * w + x) * channels + c] & 0xff;
    }

    /** Separable box blur, edges repeated; sums are exact integers, rounded once at the end. */
    static byte[] boxBlur(byte[] p, int h, int w, int channels, int r) {
        int[] rows = new int[p.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    int sum = 0;
                    for (int d = -r; d <= r; d++) {
                        int xx = Math.max(0, Math.min(w - 1, x + d));
                        sum += p[(y * w + xx) * channels + c] & 0xff;
                    }
                    rows[(y * w + x) * channels + c] = sum;
                }
            }
        }
        byte[] out = new byte[p.length];
        double area = (2 * r + 1) * (2 * r + 1);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    int sum = 0;
                    for (int d = -r; d <= r; d++) {
                        int yy = Math.max(0, Math.min(h - 1, y + d));
                        sum += rows[(yy * w + x) * channels + c];
                    }
                    out[(y * w + x) * channels + c] = clip(sum / area);
                }
            }
        }
        return out;
    }

    /** A number as a person writes it: 30, not 30.0; 0.5 as 0.5. */
    static String plain(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}

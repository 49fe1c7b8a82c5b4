package org.levistream.ingest.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ImageTransformTest {
    /** A 3x3 grey image with one bright pixel at (row, col). */
    private static byte[] dot(int row, int col) {
        byte[] p = new byte[9];
        p[row * 3 + col] = (byte) 200;
        return p;
    }

    @Test
    void rotatesCounterClockwiseAboutTheCentre() {
        byte[] top = dot(0, 1);

        byte[] rotated = new ImageTransform.Rotate(90).apply(top, 3, 3, 1, "x");

        assertThat(rotated).isEqualTo(dot(1, 0));      // top middle -> left middle
        assertThat(new ImageTransform.Rotate(360).apply(top, 3, 3, 1, "x")).isEqualTo(top);
    }

    @Test
    void rotationFillsUncoveredCornersWithBackground() {
        byte[] full = new byte[28 * 28];
        java.util.Arrays.fill(full, (byte) 255);

        byte[] rotated = new ImageTransform.Rotate(45).apply(full, 28, 28, 1, "x");

        assertThat(rotated[0]).isZero();                         // corner falls outside the rotated square
        assertThat(rotated[14 * 28 + 14] & 0xff).isEqualTo(255);
    }

    @Test
    void invertsAndLeavesTheInputAlone() {
        byte[] in = {0, 55, (byte) 255};

        assertThat(new ImageTransform.Invert().apply(in, 1, 3, 1, "x")).containsExactly((byte) 255, (byte) 200, 0);
        assertThat(in).containsExactly(0, 55, (byte) 255);
    }

    @Test
    void blurSpreadsADotOverItsBoxAndKeepsFlatImagesFlat() {
        byte[] blurred = new ImageTransform.Blur(1).apply(dot(1, 1), 3, 3, 1, "x");
        byte[] flat = new ImageTransform.Blur(2).apply(new byte[] {9, 9, 9, 9}, 2, 2, 1, "x");

        assertThat(blurred).containsOnly((byte) 22);               // 200 / 9, rounded
        assertThat(flat).containsOnly((byte) 9);
    }

    @Test
    void contrastScalesAboutTheMean() {
        byte[] in = {100, (byte) 200};

        assertThat(new ImageTransform.Contrast(0).apply(in, 1, 2, 1, "x")).containsOnly((byte) 150);
        assertThat(new ImageTransform.Contrast(2).apply(in, 1, 2, 1, "x")).containsExactly(50, (byte) 250);
    }

    @Test
    void noiseIsFixedByRecordIdAndSeedAndClipped() {
        byte[] in = new byte[784];
        var noise = new ImageTransform.Noise(50, 1);

        byte[] a = noise.apply(in, 28, 28, 1, "a");

        assertThat(noise.apply(in, 28, 28, 1, "a")).isEqualTo(a);
        assertThat(noise.apply(in, 28, 28, 1, "b")).isNotEqualTo(a);
        assertThat(new ImageTransform.Noise(50, 2).apply(in, 28, 28, 1, "a")).isNotEqualTo(a);
        assertThat(a).contains((byte) 0);                                            // negatives clip to 0
        assertThat(java.util.stream.IntStream.range(0, a.length).map(i -> a[i] & 0xff).max().orElseThrow()).isGreaterThan(40);
    }

    @Test
    void labelsReadAsAPersonWritesTheSetting() {
        assertThat(new ImageTransform.Rotate(30).label()).isEqualTo("rotated-30");
        assertThat(new ImageTransform.Rotate(-12.5).label()).isEqualTo("rotated--12.5");
        assertThat(new ImageTransform.Contrast(0.5).label()).isEqualTo("contrast-0.5");
        assertThat(new ImageTransform.Noise(20, 0).label()).isEqualTo("noise-20");
    }

    @Test
    void rejectsSettingsOutOfRange() {
        assertThatThrownBy(() -> new ImageTransform.Rotate(400)).hasMessage("rotate was 400.0 but must be degrees in [-360, 360]");
        assertThatThrownBy(() -> new ImageTransform.Noise(0, 1)).hasMessageContaining("sigma was 0.0");
        assertThatThrownBy(() -> new ImageTransform.Blur(0)).hasMessageContaining("blur was 0");
        assertThatThrownBy(() -> new ImageTransform.Contrast(-1)).hasMessageContaining("contrast was -1.0");
    }
}

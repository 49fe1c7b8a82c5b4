package org.levistream.ingest.readers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.levistream.schemas.domain.ImageEvent;

class DigitLayoutTest {
    private static ImageEvent grey(int h, int w, int value) {
        byte[] pixels = new byte[h * w];
        java.util.Arrays.fill(pixels, (byte) value);
        return ImageEvent.grey("x:0", 3, h, w, pixels, "mine", Instant.EPOCH);
    }

    @Test
    void keeps28x28ImagesAsTheyAre() {
        ImageEvent fitted = DigitLayout.fit(grey(28, 28, 200), false);

        assertThat(fitted.toByteArray()).containsOnly((byte) 200);
        assertThat(fitted.label()).isEqualTo(3);
        assertThat(fitted.domain()).isEqualTo("mine");
    }

    @Test
    void fitsOtherSizesInto20PixelsKeepingTheAspectAndCentresThemIn28() {
        byte[] p = DigitLayout.fit(grey(40, 20, 255), false).toByteArray();   // -> 20 high, 10 wide

        assertThat(p).hasSize(784);
        assertThat(p[4 * 28 + 9] & 0xff).isEqualTo(255);    // first row and column of the 20x10 box (top 4, left 9)
        assertThat(p[23 * 28 + 18] & 0xff).isEqualTo(255);  // last row and column
        assertThat(p[3 * 28 + 9] & 0xff).isZero();          // padding above
        assertThat(p[4 * 28 + 8] & 0xff).isZero();          // padding left
        assertThat(p[4 * 28 + 19] & 0xff).isZero();         // padding right
    }

    @Test
    void invertsDarkInkOnLightPaperBeforePadding() {
        byte[] p = DigitLayout.fit(grey(10, 10, 255), true).toByteArray();   // white paper -> black

        assertThat(p).containsOnly((byte) 0);
        assertThat(DigitLayout.fit(grey(28, 28, 55), true).toByteArray()).containsOnly((byte) 200);
    }
}

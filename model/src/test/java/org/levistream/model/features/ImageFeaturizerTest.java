package org.levistream.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ImageFeaturizerTest {
    @Test
    void scalesUnsignedBytesAndStandardizes() {
        byte[] pixels = new byte[784];
        pixels[0] = (byte) 255;
        pixels[783] = (byte) 51;
        float[] out = new float[786];

        new ImageFeaturizer(0.5f, 0.5f).normalizeInto(pixels, out, 1);

        assertThat(out[1]).isEqualTo(1f);
        assertThat(out[2]).isEqualTo(-1f);
        assertThat(out[784]).isCloseTo(-0.6f, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(out[0]).isZero();
        assertThat(out[785]).isZero();
    }

    @Test
    void refusesImagesOfAnotherSize() {
        assertThatThrownBy(() -> ImageFeaturizer.mnist().normalizeInto(ByteBuffer.allocate(64), 8, 8, 1,
                new float[784], 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8x8x1");
    }
}

package org.levistream.schemas.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ImageEventTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void copiesThePixelsAndHandsOutReadOnlyViews() {
        byte[] pixels = {1, 2, 3, 4};
        var image = ImageEvent.grey("a", 3, 2, 2, pixels, "mnist", T);
        pixels[0] = 99;
        image.bytes().get();          // moving one view's position must not move the next view's

        assertThat(image.bytes().isReadOnly()).isTrue();
        assertThat(image.bytes().position()).isZero();
        assertThat(image.toByteArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rejectsRawBytesThatDoNotMatchTheSize() {
        assertThatThrownBy(() -> ImageEvent.grey("a", 0, 28, 28, new byte[783], "mnist", T))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RAW_U8 bytes numbered 783 but must be height * width * channels = 784");
    }

    @Test
    void rejectsPngBytesWithoutThePngSignature() {
        assertThatThrownBy(() -> new ImageEvent("a", 0, 1, 1, 1, ImageEvent.Encoding.PNG,
                ByteBuffer.wrap(new byte[] {1, 2, 3}), "mnist", T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PNG signature");
    }

    @Test
    void rejectsBadLabelShapeAndChannels() {
        assertThatThrownBy(() -> ImageEvent.grey("a", -1, 1, 1, new byte[1], "d", T))
                .hasMessageContaining("label was -1 but must be at least 0");
        assertThatThrownBy(() -> ImageEvent.grey("a", 0, 0, 1, new byte[0], "d", T))
                .hasMessageContaining("height x width was 0x1");
        assertThatThrownBy(() -> new ImageEvent("a", 0, 1, 1, 2, ImageEvent.Encoding.RAW_U8,
                ByteBuffer.wrap(new byte[2]), "d", T))
                .hasMessageContaining("channels was 2 but must be 1 (grey) or 3 (RGB)");
        assertThatThrownBy(() -> ImageEvent.grey("a", 0, 1, 1, new byte[1], " ", T))
                .hasMessageContaining("domain was ' '");
    }

    @Test
    void equalImagesAreEqualWhateverTheSourceBuffer() {
        var a = ImageEvent.grey("a", 1, 1, 2, new byte[] {5, 6}, "d", T);
        var b = new ImageEvent("a", 1, 1, 2, 1, ImageEvent.Encoding.RAW_U8,
                ByteBuffer.wrap(new byte[] {9, 5, 6}).position(1), "d", T);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void withPixelsKeepsLabelSizeAndTime() {
        var shifted = ImageEvent.grey("a", 7, 1, 2, new byte[] {5, 6}, "mnist", T)
                .withPixels("a~r", "mnist-rotated-30", new byte[] {0, 1});

        assertThat(shifted.label()).isEqualTo(7);
        assertThat(shifted.domain()).isEqualTo("mnist-rotated-30");
        assertThat(shifted.eventTime()).isEqualTo(T);
        assertThat(shifted.toByteArray()).containsExactly(0, 1);
    }
}

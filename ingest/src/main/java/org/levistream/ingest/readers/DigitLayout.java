package org.levistream.ingest.readers;

import org.levistream.schemas.domain.ImageEvent;

/**
 * Brings a grey image of any size to MNIST's layout: 28x28, light ink on a dark (zero) background. This is how the
 * offline experiment reads a user's image folder for the digits benchmark.
 *
 * <ul>
 *   <li>Grey: the readers' conversion (colour images give ITU-R 601 luma; grey ones keep their values).</li>
 *   <li>Polarity: MNIST's ink is bright on black; {@code invert} flips dark ink on white paper (255 - v), before
 *       resizing so that the padding stays background.</li>
 *   <li>Size: a 28x28 image is kept as it is. Any other is resized bilinearly, keeping its aspect ratio, so that its
 *       longer side is 20 pixels (MNIST's digit box), and centred in 28x28 zeros: what the 8x8 digits CSV gets.</li>
 * </ul>
 */
public final class DigitLayout {
    /** Side of the result. */
    public static final int SIDE = ImageReaders.DIGITS_PADDED_SIDE;
    private static final int BOX = ImageReaders.DIGITS_SCALED_SIDE;

    private DigitLayout() {
    }

    /**
     * The image in MNIST's layout, with the same id, label, domain and event time.
     *
     * @param image  a one-channel {@code RAW_U8} image of any size
     * @param invert whether the source has dark ink on a light background
     * @return a 28x28 one-channel image
     */
    public static ImageEvent fit(ImageEvent image, boolean invert) {
        if (image.channels() != 1 || image.encoding() != ImageEvent.Encoding.RAW_U8) {
            throw new IllegalArgumentException(image.id() + " is " + image.channels() + "-channel " + image.encoding()
                    + " but a one-channel RAW_U8 image is needed");
        }
        byte[] pixels = image.toByteArray();
        if (invert) {
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (byte) (255 - (pixels[i] & 0xff));
            }
        }
        int h = image.height();
        int w = image.width();
        if (h != SIDE || w != SIDE) {
            int longer = Math.max(h, w);
            int newH = Math.max(1, (int) Math.round((double) h * BOX / longer));
            int newW = Math.max(1, (int) Math.round((double) w * BOX / longer));
            pixels = GreyPixels.pad(GreyPixels.resizeBilinear(pixels, h, w, newH, newW), newH, newW, SIDE, SIDE);
        }
        return ImageEvent.grey(image.id(), image.label(), SIDE, SIDE, pixels, image.domain(), image.eventTime());
    }
}

package org.levistream.ingest.readers;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.levistream.schemas.domain.ImageEvent;

/**
 * Readers for labelled images; every image comes out as one-channel {@code RAW_U8} with the options' domain tag and
 * an id {@code <domain>:<file or path>:<index>} that is stable across re-reads.
 */
public final class ImageReaders {
    /** Side of the optical-digits images in the CSV. */
    static final int DIGITS_SIDE = 8;
    /** Side the digits are scaled to: MNIST's digit box. */
    static final int DIGITS_SCALED_SIDE = 20;
    /** Side of the padded image: MNIST's. */
    static final int DIGITS_PADDED_SIDE = 28;
    /** The digits CSV's ink value (MNIST's is 255). */
    static final int DIGITS_MAX_VALUE = 16;

    private ImageReaders() {
    }

    /**
     * An IDX pair (MNIST, Fashion-MNIST): images and labels files, plain or gzipped. The header's size must match
     * the options' unless those accept any; a pair whose counts differ is refused when opened.
     */
    public static RecordReader<ImageEvent> idx(Path images, Path labels, ImageSourceOptions options) {
        return IdxReader.open(images, labels, options);
    }

    /**
     * A folder per class of PNG/JPEG/GIF/BMP files, decoded to 8-bit grey. Undecodable files and images of another
     * size than the options require are rejected rows; see {@link ImageTreeReader} for labels and order.
     */
    public static RecordReader<ImageEvent> tree(Path root, ImageSourceOptions options) {
        return ImageTreeReader.open(root, options);
    }

    /**
     * The 8x8 optical-digits CSV (sklearn's {@code digits.csv.gz}: 64 values 0..16 row-major, then the label; no
     * header). Each digit is scaled to 0..255, resized bilinearly to 20x20 and centred in 28x28 zeros, as MNIST's
     * digits are. The position is the line; the image index for ids and event times is the line number minus one.
     */
    public static RecordReader<ImageEvent> digitsCsv(Path csv, ImageSourceOptions options) {
        if (options.fixedSize() && (options.height() != DIGITS_PADDED_SIDE || options.width() != DIGITS_PADDED_SIDE)) {
            throw new InvalidSourceException(csv + " gives 28x28 digits but the options require "
                    + options.height() + "x" + options.width());
        }
        String idPrefix = options.domain() + ":" + SourceFiles.stem(csv) + ":";
        return LineRecordReader.open(csv.toString(), csv, StandardCharsets.US_ASCII,
                (line, n) -> line.isBlank() ? null : digit(line, n - 1, idPrefix, options));
    }

    private static ImageEvent digit(String line, long index, String idPrefix, ImageSourceOptions options)
            throws RowException {
        int pixelCount = DIGITS_SIDE * DIGITS_SIDE;
        List<String> values = Fields.split(line, ",");
        if (values.size() != pixelCount + 1) {
            throw new RowException(RejectReason.UNKNOWN_IMAGE_SIZE, "has " + values.size()
                    + " values but an 8x8 digit is " + pixelCount + " pixel values and a label");
        }
        byte[] pixels = new byte[pixelCount];
        for (int i = 0; i < pixelCount; i++) {
            int v = Fields.intValue(values.get(i), "pixel " + i);
            if (v < 0 || v > DIGITS_MAX_VALUE) {
                throw new RowException(RejectReason.VALUE_OUT_OF_RANGE,
                        "pixel " + i + " was " + v + " but must be in [0, " + DIGITS_MAX_VALUE + "]");
            }
            pixels[i] = (byte) ((v * 255 + DIGITS_MAX_VALUE / 2) / DIGITS_MAX_VALUE);
        }
        int label = Fields.intValue(values.get(pixelCount), "label");
        options.checkLabel(label);
        byte[] scaled = GreyPixels.resizeBilinear(pixels, DIGITS_SIDE, DIGITS_SIDE, DIGITS_SCALED_SIDE,
                DIGITS_SCALED_SIDE);
        byte[] padded = GreyPixels.pad(scaled, DIGITS_SCALED_SIDE, DIGITS_SCALED_SIDE, DIGITS_PADDED_SIDE,
                DIGITS_PADDED_SIDE);
        return ImageEvent.grey(idPrefix + index, label, DIGITS_PADDED_SIDE, DIGITS_PADDED_SIDE, padded,
                options.domain(), options.eventTime(index));
    }
}

package org.levistream.schemas.domain;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One labelled image: the value of {@code levi.images} and its held-out and OOD topics.
 *
 * <p>Invariants, checked here: the id and domain are non-blank; the label is at least 0; height and width are
 * positive; channels is 1 (grey) or 3 (RGB); {@link Encoding#RAW_U8} bytes number exactly
 * {@code height * width * channels} (row-major, channels last) and {@link Encoding#PNG} bytes start with the PNG
 * signature; the event time is held at millisecond precision, the wire format's.
 *
 * <p>The bytes are copied on construction into a read-only buffer, and {@link #bytes()} hands out a fresh view of it
 * each time, so neither the caller's array nor another reader's position can change a record.
 *
 * @param id        stable record id, unique within its source; the Kafka key
 * @param label     class label, 0-based
 * @param height    height in pixels
 * @param width     width in pixels
 * @param channels  1 (grey) or 3 (RGB)
 * @param encoding  how {@code bytes} is encoded
 * @param bytes     the pixels or the PNG file
 * @param domain    where the image comes from (e.g. {@code mnist}, {@code mnist-rotated-30}): the tag OOD splits use
 * @param eventTime when the record was produced at its source (UTC), truncated to milliseconds
 */
public record ImageEvent(String id, int label, int height, int width, int channels, Encoding encoding,
                         ByteBuffer bytes, String domain, Instant eventTime) {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** How an image's bytes are encoded; mirrors the wire format's {@code ImageEncoding}. */
    public enum Encoding {
        /** {@code height * width * channels} unsigned bytes, row-major, channels last. */
        RAW_U8,
        /** A PNG file. */
        PNG
    }

    /** Checks the invariants and copies the bytes; throws {@link IllegalArgumentException} naming the field. */
    public ImageEvent {
        requireNonBlank(id, "id");
        requireNonBlank(domain, "domain");
        if (label < 0) {
            throw new IllegalArgumentException("label was " + label + " but must be at least 0");
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("height x width was " + height + "x" + width + " but both must be positive");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels was " + channels + " but must be 1 (grey) or 3 (RGB)");
        }
        Objects.requireNonNull(encoding, "encoding");
        bytes = readOnlyCopy(Objects.requireNonNull(bytes, "bytes"));
        checkBytes(encoding, bytes, (long) height * width * channels);
        eventTime = Objects.requireNonNull(eventTime, "eventTime").truncatedTo(ChronoUnit.MILLIS);
    }

    /** A one-channel {@link Encoding#RAW_U8} image; {@code pixels} is copied. */
    public static ImageEvent grey(String id, int label, int height, int width, byte[] pixels, String domain,
                                  Instant eventTime) {
        return new ImageEvent(id, label, height, width, 1, Encoding.RAW_U8, ByteBuffer.wrap(pixels), domain, eventTime);
    }

    /** A read-only view of the bytes, positioned at 0; each call returns a new view. */
    @Override
    public ByteBuffer bytes() {
        return bytes.duplicate();
    }

    /** A copy of the bytes as an array. */
    public byte[] toByteArray() {
        byte[] copy = new byte[bytes.remaining()];
        bytes.duplicate().get(copy);
        return copy;
    }

    /** This image with another id, domain and pixels (same size, label and time): how shifted copies are made. */
    public ImageEvent withPixels(String newId, String newDomain, byte[] rawPixels) {
        return new ImageEvent(newId, label, height, width, channels, Encoding.RAW_U8, ByteBuffer.wrap(rawPixels),
                newDomain, eventTime);
    }

    @Override
    public String toString() {
        // The default would print the buffer object; the size says more and keeps logs short.
        return "ImageEvent[id=" + id + ", label=" + label + ", " + height + "x" + width + "x" + channels + " "
                + encoding + " (" + bytes.remaining() + " bytes), domain=" + domain + ", eventTime=" + eventTime + "]";
    }

    private static ByteBuffer readOnlyCopy(ByteBuffer source) {
        ByteBuffer view = source.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return ByteBuffer.wrap(copy).asReadOnlyBuffer();
    }

    private static void checkBytes(Encoding encoding, ByteBuffer bytes, long rawSize) {
        if (encoding == Encoding.RAW_U8 && bytes.remaining() != rawSize) {
            throw new IllegalArgumentException("RAW_U8 bytes numbered " + bytes.remaining()
                    + " but must be height * width * channels = " + rawSize);
        }
        if (encoding == Encoding.PNG && !startsWithPngSignature(bytes)) {
            throw new IllegalArgumentException("PNG bytes must start with the PNG signature 89 50 4E 47 0D 0A 1A 0A");
        }
    }

    private static boolean startsWithPngSignature(ByteBuffer bytes) {
        if (bytes.remaining() < PNG_SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < PNG_SIGNATURE.length; i++) {
            if (bytes.get(bytes.position() + i) != PNG_SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    private static void requireNonBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " was " + (value == null ? "null" : "'" + value + "'")
                    + " but must be non-blank");
        }
    }
}

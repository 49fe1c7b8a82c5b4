package org.levistream.ingest.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.levistream.ingest.readers.Fixtures.accepted;
import static org.levistream.ingest.readers.Fixtures.readAll;
import static org.levistream.ingest.readers.Fixtures.rejected;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.levistream.common.config.InvalidConfigException;
import org.levistream.schemas.domain.ImageEvent;

@Timeout(30)
class ImageReadersTest {
    @TempDir
    Path dir;

    private static final ImageSourceOptions MNIST = ImageSourceOptions.of("mnist");

    /** IDX images file of {@code count} images of {@code rows x cols}; image i has every pixel = i. */
    static byte[] idxImages(int count, int rows, int cols) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000803);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < rows * cols; p++) {
                    out.writeByte(i);
                }
            }
        }
        return bytes.toByteArray();
    }

    static byte[] idxLabels(int... labels) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(bytes)) {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            for (int label : labels) {
                out.writeByte(label);
            }
        }
        return bytes.toByteArray();
    }

    @Nested
    class Idx {
        @Test
        void readsAPairWithStableIdsByteOffsetsAndEventTimes() throws IOException {
            Path images = Fixtures.writeBytes(dir, "train-images-idx3-ubyte", idxImages(3, 28, 28));
            Path labels = Fixtures.writeBytes(dir, "train-labels-idx1-ubyte", idxLabels(5, 0, 9));

            var results = readAll(ImageReaders.idx(images, labels, MNIST));

            assertThat(accepted(results)).extracting(ImageEvent::id, ImageEvent::label, ImageEvent::eventTime)
                    .containsExactly(
                            tuple("mnist:train-images-idx3-ubyte:0", 5, Instant.parse("2024-01-01T00:00:00Z")),
                            tuple("mnist:train-images-idx3-ubyte:1", 0, Instant.parse("2024-01-01T00:00:00.100Z")),
                            tuple("mnist:train-images-idx3-ubyte:2", 9, Instant.parse("2024-01-01T00:00:00.200Z")));
            assertThat(results).extracting(r -> r.position().value()).containsExactly(16L, 16L + 784, 16L + 2 * 784);
            assertThat(accepted(results).get(2).toByteArray()).hasSize(784).containsOnly(2);
        }

        @Test
        void readsGzippedFilesTheSameAsPlainOnes() throws IOException {
            Path images = Fixtures.writeBytes(dir, "a/t10k-images-idx3-ubyte", idxImages(2, 28, 28));
            Path labels = Fixtures.writeBytes(dir, "a/t10k-labels-idx1-ubyte", idxLabels(1, 2));
            Path imagesGz = Fixtures.writeBytes(dir, "b/t10k-images-idx3-ubyte.gz", Fixtures.gzipBytes(idxImages(2, 28, 28)));
            Path labelsGz = Fixtures.writeBytes(dir, "b/t10k-labels-idx1-ubyte.gz", Fixtures.gzipBytes(idxLabels(1, 2)));

            assertThat(accepted(readAll(ImageReaders.idx(imagesGz, labelsGz, MNIST))))
                    .isEqualTo(accepted(readAll(ImageReaders.idx(images, labels, MNIST)))).hasSize(2);
        }

        @Test
        void rejectsLabelsOutOfRangeAndReadsOn() throws IOException {
            Path images = Fixtures.writeBytes(dir, "i", idxImages(3, 28, 28));
            Path labels = Fixtures.writeBytes(dir, "l", idxLabels(1, 10, 2));

            var results = readAll(ImageReaders.idx(images, labels, MNIST));

            assertThat(rejected(results)).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo(RejectReason.LABEL_OUT_OF_RANGE);
                assertThat(r.position()).isEqualTo(SourcePosition.byteOffset(images.toString(), 16 + 784));
                assertThat(r.message()).isEqualTo("label was 10 but must be in [0, 10)");
            });
            assertThat(accepted(results)).extracting(ImageEvent::label).containsExactly(1, 2);
        }

        @Test
        void reportsAnImagesFileThatBreaksOffAsTruncated() throws IOException {
            byte[] full = idxImages(3, 28, 28);
            Path images = Fixtures.writeBytes(dir, "i", java.util.Arrays.copyOf(full, 16 + 784 + 100));
            Path labels = Fixtures.writeBytes(dir, "l", idxLabels(1, 2, 3));

            var results = readAll(ImageReaders.idx(images, labels, MNIST));

            assertThat(accepted(results)).hasSize(1);
            assertThat(rejected(results)).singleElement().extracting(RejectedRow::reason).isEqualTo(RejectReason.TRUNCATED);
        }

        @Test
        void refusesMismatchedCountsWrongMagicAndWrongSize() throws IOException {
            Path images = Fixtures.writeBytes(dir, "i", idxImages(3, 28, 28));
            Path small = Fixtures.writeBytes(dir, "s", idxImages(3, 8, 8));
            Path labels = Fixtures.writeBytes(dir, "l", idxLabels(1, 2));

            assertThatThrownBy(() -> ImageReaders.idx(images, labels, MNIST)).isInstanceOf(InvalidSourceException.class)
                    .hasMessageContaining("holds 3 images but").hasMessageContaining("holds 2 labels");
            assertThatThrownBy(() -> ImageReaders.idx(labels, labels, MNIST)).isInstanceOf(InvalidSourceException.class)
                    .hasMessageContaining("starts with magic 0x00000801 but an IDX images file starts with 0x00000803");
            assertThatThrownBy(() -> ImageReaders.idx(small, Fixtures.writeBytes(dir, "l3", idxLabels(1, 2, 3)), MNIST))
                    .isInstanceOf(InvalidSourceException.class).hasMessageContaining("holds 8x8 images but 28x28 are expected");
        }
    }

    @Nested
    class Tree {
        private void png(String relative, int w, int h, int grey) throws IOException {
            var image = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            image.getRaster().setSample(0, 0, 0, grey);
            Path file = dir.resolve("tree").resolve(relative);
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        }

        @Test
        void labelsByNumericFolderNamesAndInterleavesClasses() throws IOException {
            png("3/a.png", 28, 28, 200);
            png("3/b.png", 28, 28, 201);
            png("7/a.png", 28, 28, 202);
            Fixtures.write(dir, "tree/7/notes.txt", "not an image, not read");

            var events = accepted(readAll(ImageReaders.tree(dir.resolve("tree"), MNIST)));

            assertThat(events).extracting(ImageEvent::id, ImageEvent::label).containsExactly(
                    tuple("mnist:3/a.png", 3), tuple("mnist:7/a.png", 7), tuple("mnist:3/b.png", 3));
            assertThat(events.get(1).toByteArray()[0] & 0xff).isEqualTo(202);     // grey samples kept exactly
        }

        @Test
        void labelsNamedFoldersBySortedIndex() throws IOException {
            png("dog/x.png", 28, 28, 1);
            png("cat/x.png", 28, 28, 1);

            var events = accepted(readAll(ImageReaders.tree(dir.resolve("tree"), MNIST)));

            assertThat(events).extracting(ImageEvent::id, ImageEvent::label)
                    .containsExactly(tuple("mnist:cat/x.png", 0), tuple("mnist:dog/x.png", 1));
        }

        @Test
        void convertsColourToLumaAndReadsJpeg() throws IOException {
            var red = new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    red.setRGB(x, y, 0xff0000);
                }
            }
            Files.createDirectories(dir.resolve("tree/1"));
            ImageIO.write(red, "png", dir.resolve("tree/1/red.png").toFile());
            ImageIO.write(red, "jpg", dir.resolve("tree/1/red.jpg").toFile());

            var events = accepted(readAll(ImageReaders.tree(dir.resolve("tree"), MNIST)));

            assertThat(events).hasSize(2);
            assertThat(events.get(1).toByteArray()).containsOnly((byte) 76);             // red.png: 0.299 * 255
            assertThat(events.get(0).toByteArray()[14 * 28 + 14] & 0xff).isBetween(66, 86);   // red.jpg, lossy
        }

        @Test
        void rejectsUndecodableWrongSizeAndOutOfRangeFiles() throws IOException {
            png("1/good.png", 28, 28, 9);
            png("1/small.png", 20, 20, 9);
            Fixtures.write(dir, "tree/1/broken.png", "this is not a PNG");
            png("12/a.png", 28, 28, 9);

            var results = readAll(ImageReaders.tree(dir.resolve("tree"), MNIST));

            assertThat(rejected(results)).extracting(r -> r.position().file(), RejectedRow::reason)
                    .containsExactlyInAnyOrder(
                            tuple("1/broken.png", RejectReason.UNDECODABLE_IMAGE),
                            tuple("1/small.png", RejectReason.UNKNOWN_IMAGE_SIZE),
                            tuple("12/a.png", RejectReason.LABEL_OUT_OF_RANGE));
            assertThat(accepted(results)).extracting(ImageEvent::id).containsExactly("mnist:1/good.png");
        }

        @Test
        void acceptsAnySizeWhenTheOptionsDo() throws IOException {
            png("0/wide.png", 40, 10, 9);

            var events = accepted(readAll(ImageReaders.tree(dir.resolve("tree"), MNIST.withSize(0, 0))));

            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.height()).isEqualTo(10);
                assertThat(e.width()).isEqualTo(40);
            });
        }
    }

    @Nested
    class DigitsCsv {
        private String row(int value, int label) {
            return IntStream.range(0, 64).mapToObj(i -> String.valueOf(value)).collect(Collectors.joining(","))
                    + "," + label;
        }

        @Test
        void scalesToTwentyAndPadsToTwentyEight() {
            Path csv = Fixtures.gzip(dir, "digits.csv.gz", row(16, 3) + "\n" + row(8, 4) + "\n");

            var events = accepted(readAll(ImageReaders.digitsCsv(csv, ImageSourceOptions.of("optical-digits"))));

            assertThat(events).extracting(ImageEvent::id, ImageEvent::label, ImageEvent::height, ImageEvent::width)
                    .containsExactly(tuple("optical-digits:digits.csv:0", 3, 28, 28),
                            tuple("optical-digits:digits.csv:1", 4, 28, 28));
            byte[] full = events.get(0).toByteArray();
            List<Integer> inside = new ArrayList<>();
            List<Integer> border = new ArrayList<>();
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    boolean in = y >= 4 && y < 24 && x >= 4 && x < 24;
                    (in ? inside : border).add(full[y * 28 + x] & 0xff);
                }
            }
            assertThat(inside).hasSize(400).containsOnly(255);
            assertThat(border).containsOnly(0);
            assertThat(events.get(1).toByteArray()[14 * 28 + 14] & 0xff).isEqualTo(128);   // 8/16 of 255, rounded
        }

        @Test
        void rejectsWrongLengthsValuesAndLabels() {
            Path csv = Fixtures.write(dir, "digits.csv", String.join("\n",
                    row(1, 0),
                    "1,2,3,0",
                    row(17, 0),
                    row(1, 10),
                    row(1, 0).replaceFirst("1", "x"),
                    row(1, 1)));

            var results = readAll(ImageReaders.digitsCsv(csv, ImageSourceOptions.of("optical-digits")));

            assertThat(rejected(results)).extracting(r -> r.position().value(), RejectedRow::reason).containsExactly(
                    tuple(2L, RejectReason.UNKNOWN_IMAGE_SIZE),
                    tuple(3L, RejectReason.VALUE_OUT_OF_RANGE),
                    tuple(4L, RejectReason.LABEL_OUT_OF_RANGE),
                    tuple(5L, RejectReason.UNPARSEABLE));
            assertThat(accepted(results)).extracting(ImageEvent::label).containsExactly(0, 1);
        }
    }

    @Test
    void optionsReportEveryProblemAtOnce() {
        assertThatThrownBy(() -> new ImageSourceOptions(" ", 0, -1, 28, Instant.EPOCH, Duration.ofMillis(-1)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("domain was ' ' but must be non-blank")
                .hasMessageContaining("numClasses was 0 but must be at least 1")
                .hasMessageContaining("size was -1x28")
                .hasMessageContaining("eventTimeStep was PT-0.001S but must not be negative");
    }
}

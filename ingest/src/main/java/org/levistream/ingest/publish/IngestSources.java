package org.levistream.ingest.publish;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import org.levistream.ingest.progress.ResultEstimate;
import org.levistream.ingest.readers.AmazonReviews;
import org.levistream.ingest.readers.ImageReaders;
import org.levistream.ingest.readers.ImageSourceOptions;
import org.levistream.ingest.readers.InvalidSourceException;
import org.levistream.ingest.readers.MovieLensFormat;
import org.levistream.ingest.readers.MovieLensReaders;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;

/** The sources {@code levi ingest} reads, with their inputs, job-id options and size estimates. */
public final class IngestSources {
    private static final int IDX_IMAGES_MAGIC = 0x00000803;

    /** Image source layouts. */
    public enum ImageLayout {
        /** An IDX images file and its labels file (MNIST, Fashion-MNIST), plain or gzipped. */
        IDX,
        /** A folder per class of image files. */
        TREE,
        /** The 8x8 optical-digits CSV. */
        DIGITS_CSV;

        /** The layout of {@code input}: a folder is a tree, a file with an IDX images header IDX, else digits CSV. */
        public static ImageLayout detect(Path input) {
            if (Files.isDirectory(input)) {
                return TREE;
            }
            return hasIdxImagesHeader(input) ? IDX : DIGITS_CSV;
        }
    }

    private IngestSources() {
    }

    /** MovieLens in any layout {@link MovieLensFormat#detect} knows: a folder, a ratings file, or the joined CSV. */
    public static IngestSource<InteractionEvent> movielens(Path input) {
        MovieLensFormat format = MovieLensFormat.detect(input);
        List<Path> inputs = new ArrayList<>(List.of(input));
        Path ratings = input;
        if (format != MovieLensFormat.JOINED_CSV) {
            Path folder = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
            if (!Files.isDirectory(input)) {
                format.itemsFile().flatMap(name -> plainOrGzipped(folder, name)).ifPresent(inputs::add);
            } else {
                ratings = format.ratingsFile().flatMap(name -> plainOrGzipped(folder, name)).orElse(input);
            }
        }
        Path counted = ratings;
        return new IngestSource<>("movielens", RecordFormat.INTERACTIONS, inputs, "format=" + format,
                () -> MovieLensReaders.open(input), () -> ResultEstimate.lines(counted));
    }

    /** Amazon review JSON lines, joined with a metadata file when one is given ({@code null}: none). */
    public static IngestSource<InteractionEvent> amazon(Path reviews, Path metadata) {
        List<Path> inputs = metadata == null ? List.of(reviews) : List.of(reviews, metadata);
        return new IngestSource<>("amazon", RecordFormat.INTERACTIONS, inputs, "",
                () -> AmazonReviews.open(reviews, metadata), () -> ResultEstimate.lines(reviews));
    }

    /**
     * Images in {@code layout}. IDX needs {@code labels}; when it is {@code null}, the labels file is found beside
     * the images file by MNIST's naming ({@code images-idx3} → {@code labels-idx1}).
     *
     * @throws InvalidSourceException when the labels file is needed and cannot be found
     */
    public static IngestSource<ImageEvent> images(ImageLayout layout, Path input, Path labels,
                                                  ImageSourceOptions options) {
        String recordOptions = "layout=" + layout + " domain=" + options.domain() + " classes=" + options.numClasses()
                + " size=" + options.height() + "x" + options.width() + " first=" + options.firstEventTime()
                + " step=" + options.eventTimeStep();
        return switch (layout) {
            case IDX -> {
                Path labelFile = labels != null ? labels : labelsBeside(input);
                yield new IngestSource<>("images", RecordFormat.IMAGES, List.of(input, labelFile), recordOptions,
                        () -> ImageReaders.idx(input, labelFile, options), () -> ResultEstimate.idxLabels(labelFile));
            }
            case TREE -> new IngestSource<>("images", RecordFormat.IMAGES, List.of(input), recordOptions,
                    () -> ImageReaders.tree(input, options), () -> ResultEstimate.files(input));
            case DIGITS_CSV -> new IngestSource<>("images", RecordFormat.IMAGES, List.of(input), recordOptions,
                    () -> ImageReaders.digitsCsv(input, options), () -> ResultEstimate.lines(input));
        };
    }

    /** The labels file MNIST's naming puts beside an images file. */
    static Path labelsBeside(Path images) {
        String name = images.getFileName().toString();
        if (name.contains("images-idx3")) {
            Path labels = images.resolveSibling(name.replace("images-idx3", "labels-idx1"));
            if (Files.isRegularFile(labels)) {
                return labels;
            }
        }
        throw new InvalidSourceException("no labels file for " + images + ": give one with --labels (MNIST names it "
                + "like the images file with labels-idx1 for images-idx3)");
    }

    private static Optional<Path> plainOrGzipped(Path folder, String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            if (Files.isRegularFile(folder.resolve(candidate))) {
                return Optional.of(folder.resolve(candidate));
            }
        }
        return Optional.empty();
    }

    private static boolean hasIdxImagesHeader(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.mark(2);
            boolean gzipped = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            // Not closed separately: closing `in` releases the file, and the decompressor holds nothing else.
            InputStream content = gzipped ? new GZIPInputStream(in) : in;
            return new DataInputStream(content).readInt() == IDX_IMAGES_MAGIC;
        } catch (IOException e) {
            return false;
        }
    }
}

package org.levistream.ingest.sources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.levistream.common.config.InvalidConfigException;
import org.levistream.ingest.readers.AmazonReviews;
import org.levistream.ingest.readers.DigitLayout;
import org.levistream.ingest.readers.ImageReaders;
import org.levistream.ingest.readers.ImageSourceOptions;
import org.levistream.ingest.readers.InvalidSourceException;
import org.levistream.ingest.readers.MovieLensReaders;
import org.levistream.ingest.readers.ReadResult;
import org.levistream.ingest.readers.RecordReader;
import org.levistream.schemas.domain.ImageEvent;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Opens declared sources with the ingest readers. A source that cannot be opened (a missing file, a class folder
 * that is not a label, a file in another format) fails with an {@link InvalidConfigException} that names the
 * source, the key, the value as written and what is allowed.
 */
public final class SourceReaders {
    private SourceReaders() {
    }

    /**
     * Opens an image source; every image comes out 28x28 grey in MNIST's polarity (see {@link DigitLayout}). In an
     * image folder an image that cannot be decoded fails the read, naming the file; the other types keep the
     * readers' rule that a bad row is skipped by whoever reads it.
     *
     * @param source     an image source
     * @param dataDir    what relative paths are relative to
     * @param numClasses labels must be in {@code [0, numClasses)}
     * @return the reader
     */
    public static RecordReader<ImageEvent> images(DataSource source, Path dataDir, int numClasses) {
        ImageSourceOptions options = ImageSourceOptions.of(source.domain()).withNumClasses(numClasses);
        try {
            return switch (source.type()) {
                case IDX -> ImageReaders.idx(file(source, "images", dataDir), file(source, "labels", dataDir), options);
                case DIGITS_CSV -> ImageReaders.digitsCsv(file(source, "path", dataDir), options);
                case IMAGE_FOLDER -> new FittedImages(source,
                        ImageReaders.tree(classFolders(source, dataDir, numClasses), options.withSize(0, 0)));
                default -> throw new IllegalArgumentException(source.describe() + " gives interactions, not images");
            };
        } catch (InvalidSourceException e) {
            throw new InvalidConfigException(source.describe() + ": " + e.getMessage());
        }
    }

    /**
     * Opens an interaction source.
     *
     * @param source  a MovieLens or Amazon source
     * @param dataDir what relative paths are relative to
     * @return the reader
     */
    public static RecordReader<InteractionEvent> interactions(DataSource source, Path dataDir) {
        try {
            return switch (source.type()) {
                case MOVIELENS_CSV -> MovieLensReaders.open(existing(source, "path", dataDir));
                case AMAZON_JSONL -> AmazonReviews.open(file(source, "path", dataDir),
                        source.paths().containsKey("metadata") ? file(source, "metadata", dataDir) : null);
                default -> throw new IllegalArgumentException(source.describe() + " gives images, not interactions");
            };
        } catch (InvalidSourceException e) {
            throw new InvalidConfigException(source.describe() + ": " + e.getMessage());
        }
    }

    private static Path file(DataSource source, String key, Path dataDir) {
        Path path = source.resolve(key, dataDir);
        if (!Files.isRegularFile(path)) {
            throw problem(source, key, path, "an existing file");
        }
        return path;
    }

    private static Path existing(DataSource source, String key, Path dataDir) {
        Path path = source.resolve(key, dataDir);
        if (!Files.exists(path)) {
            throw problem(source, key, path, "an existing file or folder");
        }
        return path;
    }

    /** The folder, once every class folder in it is named by a label in {@code [0, numClasses)}. */
    private static Path classFolders(DataSource source, Path dataDir, int numClasses) {
        Path root = source.resolve("path", dataDir);
        String allowed = "a folder holding one folder per class, named by its label (0 to " + (numClasses - 1) + ")";
        if (!Files.isDirectory(root)) {
            throw problem(source, "path", root, allowed);
        }
        List<String> names;
        try (Stream<Path> children = Files.list(root)) {
            names = children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
        if (names.isEmpty()) {
            throw problem(source, "path", root, allowed + ", but it has no class folders");
        }
        List<String> unknown = names.stream().filter(n -> !isLabel(n, numClasses)).toList();
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException(source.describe() + ": path '" + source.paths().get("path")
                    + "' has class folders " + unknown + " that are not labels of this benchmark; class folders "
                    + "must be named by their label, 0 to " + (numClasses - 1));
        }
        return root;
    }

    private static boolean isLabel(String name, int numClasses) {
        return name.matches("\\d{1,9}") && Integer.parseInt(name) < numClasses;
    }

    private static InvalidConfigException problem(DataSource source, String key, Path resolved, String allowed) {
        String written = source.paths().get(key);
        String where = resolved.toString().equals(written) ? "" : " (" + resolved + ")";
        return new InvalidConfigException(source.describe() + ": " + key + " was '" + written + "'" + where
                + " but must be " + allowed);
    }

    /** An image folder's images in MNIST's layout; an image that cannot be read stops the read. */
    private static final class FittedImages implements RecordReader<ImageEvent> {
        private final DataSource source;
        private final RecordReader<ImageEvent> tree;

        FittedImages(DataSource source, RecordReader<ImageEvent> tree) {
            this.source = source;
            this.tree = tree;
        }

        @Override
        public String source() {
            return tree.source();
        }

        @Override
        public boolean hasNext() {
            return tree.hasNext();
        }

        @Override
        public ReadResult<ImageEvent> next() {
            ReadResult<ImageEvent> result = tree.next();
            if (result instanceof ReadResult.Rejected<ImageEvent> r) {
                // A user's own OOD set that silently loses images would measure something else than intended.
                throw new InvalidConfigException(source.describe() + ": " + source.paths().get("path") + "/"
                        + r.position().file() + " " + r.row().message() + "; fix or remove the file");
            }
            ReadResult.Accepted<ImageEvent> a = (ReadResult.Accepted<ImageEvent>) result;
            return new ReadResult.Accepted<>(DigitLayout.fit(a.value(), source.invert()), a.position());
        }

        @Override
        public void close() {
            tree.close();
        }
    }
}

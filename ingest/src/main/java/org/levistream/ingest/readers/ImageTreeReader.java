package org.levistream.ingest.readers;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.levistream.schemas.domain.ImageEvent;

/**
 * A folder per class ({@code root/<class>/**&#47;*.png|jpg|...}), decoded with {@code javax.imageio} to 8-bit grey.
 *
 * <p>Labels: when every class folder's name is a number, that number; otherwise the folder's index among the class
 * folders sorted by name. Files are visited in a fixed order that interleaves the classes (the first file of each
 * class, then the second of each, ...), so that the stream is not one class after another. Only the file names are
 * held in memory, never the images.
 */
final class ImageTreeReader extends AbstractRecordReader<ImageEvent> {
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    private record Entry(Path file, int label) {
    }

    private final Path root;
    private final ImageSourceOptions options;
    private final List<Entry> entries;
    private int index;

    private ImageTreeReader(Path root, ImageSourceOptions options, List<Entry> entries) {
        super(root.toString());
        this.root = root;
        this.options = options;
        this.entries = entries;
    }

    static ImageTreeReader open(Path root, ImageSourceOptions options) {
        if (!Files.isDirectory(root)) {
            throw new InvalidSourceException(root + " is not a folder of class folders");
        }
        List<Path> classes = list(root, Files::isDirectory);
        if (classes.isEmpty()) {
            throw new InvalidSourceException(root + " has no class folders (one folder per class, named by label)");
        }
        boolean numeric = classes.stream().allMatch(c -> c.getFileName().toString().matches("\\d{1,9}"));
        List<List<Entry>> perClass = new ArrayList<>();
        for (int k = 0; k < classes.size(); k++) {
            int label = numeric ? Integer.parseInt(classes.get(k).getFileName().toString()) : k;
            perClass.add(imagesIn(classes.get(k)).stream().map(f -> new Entry(f, label)).collect(Collectors.toList()));
        }
        return new ImageTreeReader(root, options, interleave(perClass));
    }

    @Override
    protected ReadResult<ImageEvent> readNext() {
        if (index >= entries.size()) {
            return null;
        }
        int i = index++;
        Entry entry = entries.get(i);
        String relative = root.relativize(entry.file()).toString().replace('\\', '/');
        SourcePosition position = SourcePosition.file(relative, i);
        try {
            options.checkLabel(entry.label());
            BufferedImage image = decode(entry.file());
            return accepted(ImageEvent.grey(options.domain() + ":" + relative, entry.label(), image.getHeight(),
                    image.getWidth(), GreyPixels.toGrey(image), options.domain(), options.eventTime(i)), position);
        } catch (RowException e) {
            return rejected(position, e, "");
        }
    }

    private BufferedImage decode(Path file) throws RowException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            // ImageIO's decoders throw unchecked exceptions (index errors, IllegalArgument) on corrupt content too.
            throw new RowException(RejectReason.UNDECODABLE_IMAGE, "could not be decoded: " + e);
        }
        if (image == null) {
            throw new RowException(RejectReason.UNDECODABLE_IMAGE, "no image decoder recognises its content");
        }
        if (options.fixedSize() && (image.getHeight() != options.height() || image.getWidth() != options.width())) {
            throw new RowException(RejectReason.UNKNOWN_IMAGE_SIZE, "is " + image.getHeight() + "x" + image.getWidth()
                    + " but " + options.height() + "x" + options.width() + " is expected");
        }
        return image;
    }

    private static List<Entry> interleave(List<List<Entry>> perClass) {
        List<Entry> order = new ArrayList<>();
        int longest = perClass.stream().mapToInt(List::size).max().orElse(0);
        for (int round = 0; round < longest; round++) {
            for (List<Entry> files : perClass) {
                if (round < files.size()) {
                    order.add(files.get(round));
                }
            }
        }
        return order;
    }

    private static List<Path> imagesIn(Path classFolder) {
        try (Stream<Path> files = Files.walk(classFolder)) {
            return files.filter(Files::isRegularFile).filter(ImageTreeReader::isImageName)
                    .sorted(Comparator.comparing(p -> classFolder.relativize(p).toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + classFolder, e);
        }
    }

    private static List<Path> list(Path folder, java.util.function.Predicate<Path> keep) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.filter(keep).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + folder, e);
        }
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return !name.startsWith(".") && dot > 0
                && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    @Override
    protected void closeSources() {
        // Each file is opened and closed by ImageIO.read; nothing stays open between rows.
    }
}

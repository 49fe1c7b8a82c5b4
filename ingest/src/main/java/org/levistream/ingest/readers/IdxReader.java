package org.levistream.ingest.readers;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.zip.ZipException;

import org.levistream.schemas.domain.ImageEvent;

/**
 * An IDX pair: an images file (magic {@code 0x00000803}: count, rows, cols, then one unsigned byte per pixel) and a
 * labels file (magic {@code 0x00000801}: count, then one byte per label), big-endian, each plain or gzipped. Positions
 * are byte offsets into the decompressed images file.
 */
final class IdxReader extends AbstractRecordReader<ImageEvent> {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    private static final int IMAGES_HEADER_BYTES = 16;

    private final DataInputStream images;
    private final DataInputStream labels;
    private final ImageSourceOptions options;
    private final String imagesFile;
    private final String labelsFile;
    private final String idPrefix;
    private final int count;
    private final int rows;
    private final int cols;
    private long index;

    private IdxReader(Path imagesPath, DataInputStream images, Path labelsPath, DataInputStream labels,
                      ImageSourceOptions options) throws IOException {
        super(imagesPath + " + " + labelsPath);
        this.images = images;
        this.labels = labels;
        this.options = options;
        this.imagesFile = imagesPath.toString();
        this.labelsFile = labelsPath.toString();
        this.idPrefix = options.domain() + ":" + SourceFiles.stem(imagesPath) + ":";
        this.count = header(images, imagesPath, IMAGES_MAGIC);
        this.rows = images.readInt();
        this.cols = images.readInt();
        int labelCount = header(labels, labelsPath, LABELS_MAGIC);
        if (labelCount != count) {
            throw new InvalidSourceException(imagesPath + " holds " + count + " images but " + labelsPath + " holds "
                    + labelCount + " labels; they must be a pair");
        }
        if (rows < 1 || cols < 1 || (options.fixedSize() && (rows != options.height() || cols != options.width()))) {
            throw new InvalidSourceException(imagesPath + " holds " + rows + "x" + cols + " images but "
                    + options.height() + "x" + options.width() + " are expected");
        }
    }

    static IdxReader open(Path images, Path labels, ImageSourceOptions options) {
        DataInputStream imageIn = new DataInputStream(SourceFiles.open(images));
        DataInputStream labelIn = null;
        try {
            labelIn = new DataInputStream(SourceFiles.open(labels));
            return new IdxReader(images, imageIn, labels, labelIn, options);
        } catch (IOException | RuntimeException e) {
            closeAll(e, imageIn, labelIn);
            if (e instanceof IOException) {
                throw new InvalidSourceException(images + " + " + labels + " have no valid IDX header: " + e, e);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    protected ReadResult<ImageEvent> readNext() throws IOException {
        if (index >= count) {
            return null;
        }
        long offset = IMAGES_HEADER_BYTES + index * rows * cols;
        SourcePosition position = SourcePosition.byteOffset(imagesFile, offset);
        byte[] pixels = new byte[rows * cols];
        int label;
        try {
            images.readFully(pixels);
            label = labels.read();
        } catch (EOFException | ZipException e) {
            return truncated(position, "the images file breaks off in image " + index + " of " + count + " (" + e + ")");
        }
        if (label < 0) {
            return truncated(position, labelsFile + " breaks off at label " + index + " of " + count);
        }
        long i = index++;
        try {
            options.checkLabel(label);
        } catch (RowException e) {
            return rejected(position, e, "");
        }
        return accepted(ImageEvent.grey(idPrefix + i, label, rows, cols, pixels, options.domain(), options.eventTime(i)),
                position);
    }

    private ReadResult<ImageEvent> truncated(SourcePosition position, String message) {
        index = count;                       // nothing after a break can be trusted to line up
        return rejected(position, new RowException(RejectReason.TRUNCATED, message), "");
    }

    private static int header(DataInputStream in, Path file, int magic) throws IOException {
        int found = in.readInt();
        if (found != magic) {
            throw new InvalidSourceException(file + " starts with magic 0x%08x but an IDX %s file starts with 0x%08x"
                    .formatted(found, magic == IMAGES_MAGIC ? "images" : "labels", magic));
        }
        int count = in.readInt();
        if (count < 0) {
            throw new InvalidSourceException(file + " claims " + count + " items");
        }
        return count;
    }

    @Override
    protected void closeSources() throws IOException {
        try (labels) {
            images.close();
        }
    }

    private static void closeAll(Exception failure, AutoCloseable... streams) {
        for (AutoCloseable s : streams) {
            if (s == null) {
                continue;
            }
            try {
                s.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }
}

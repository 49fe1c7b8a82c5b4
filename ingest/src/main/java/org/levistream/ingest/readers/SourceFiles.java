package org.levistream.ingest.readers;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Opens source files, gunzipping transparently when a file starts with the gzip magic bytes, whatever its name. */
final class SourceFiles {
    private static final int BUFFER = 1 << 16;
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private SourceFiles() {
    }

    /** A buffered stream of the file's (decompressed) content. */
    static InputStream open(Path file) {
        requireFile(file);
        try {
            InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == GZIP_MAGIC_0 && b1 == GZIP_MAGIC_1) {
                return new BufferedInputStream(new GZIPInputStream(in, BUFFER), BUFFER);
            }
            return in;
        } catch (IOException e) {
            throw new InvalidSourceException(file + " could not be opened: " + e.getMessage(), e);
        }
    }

    /**
     * The file's (decompressed) lines; malformed bytes read as U+FFFD, and {@link TextLines#malformedAt()} says so.
     * See {@link TextLines} for the charsets. A file that starts with binary data is refused here.
     */
    static TextLines lines(Path file, Charset charset) {
        TextLines lines = new TextLines(open(file), charset);
        try {
            lines.requireText(file.toString());
            return lines;
        } catch (IOException | RuntimeException e) {
            try {
                lines.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw new InvalidSourceException(file + " could not be read: " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** A buffered reader of the file's (decompressed) text; malformed bytes read as U+FFFD. */
    static BufferedReader reader(Path file, Charset charset) {
        return new BufferedReader(new InputStreamReader(open(file), charset), BUFFER);
    }

    static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSourceException(file + " does not exist or is not a regular file");
        }
    }

    /** The file name without a trailing {@code .gz}: the stem image ids are built from. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}

package org.levistream.ingest.progress;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Cheap estimates of how many results a source will yield, for ETAs. Never exact unless said; never worth failing
 * over: an unreadable file gives an empty estimate.
 */
public final class ResultEstimate {
    /** How much of a text file is read to estimate its lines: a few milliseconds of I/O. */
    static final int SAMPLE_BYTES = 8 << 20;
    private static final int IDX_LABELS_MAGIC = 0x00000801;

    private ResultEstimate() {
    }

    /**
     * The lines of a text file, plain or gzipped: exact when the file is smaller than the sample, otherwise the
     * sample's lines per byte of file (compressed bytes for gzip) times the file's size.
     */
    public static OptionalLong lines(Path file) {
        try (var counted = new CountingStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
             InputStream content = gzipped(file) ? new GZIPInputStream(counted, 1 << 16) : counted) {
            byte[] buffer = new byte[1 << 16];
            long lines = 0;
            long total = 0;
            boolean lastWasNewline = true;
            int n;
            while (counted.count() < SAMPLE_BYTES && (n = content.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
                lastWasNewline = buffer[n - 1] == '\n';
                total += n;
            }
            if (content.read() < 0) {   // the sample reached the end: the count is exact
                return OptionalLong.of(lines + (lastWasNewline || total == 0 ? 0 : 1));
            }
            long size = Files.size(file);
            return lines == 0 ? OptionalLong.empty() : OptionalLong.of(Math.round((double) lines * size / counted.count()));
        } catch (IOException | UncheckedIOException e) {
            return OptionalLong.empty();
        }
    }

    /** The count in an IDX labels file's header (plain or gzipped): exact. */
    public static OptionalLong idxLabels(Path labels) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(labels));
             var in = new DataInputStream(gzipped(labels) ? new GZIPInputStream(raw) : raw)) {
            return in.readInt() == IDX_LABELS_MAGIC ? OptionalLong.of(in.readInt() & 0xffffffffL) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** The regular files under {@code root}: exact for a folder-per-class image tree with nothing else in it. */
    public static OptionalLong files(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return OptionalLong.of(files.filter(Files::isRegularFile).count());
        } catch (IOException | UncheckedIOException e) {
            return OptionalLong.empty();
        }
    }

    private static boolean gzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** Counts the bytes read through it: the file's bytes, under a decompressor. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}

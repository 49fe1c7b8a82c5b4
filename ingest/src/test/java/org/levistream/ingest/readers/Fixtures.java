package org.levistream.ingest.readers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Fixture writing and result collecting for reader tests; every fixture is made up by the tests. */
final class Fixtures {
    private Fixtures() {
    }

    static Path write(Path dir, String name, String text) {
        return write(dir, name, text, StandardCharsets.UTF_8);
    }

    static Path write(Path dir, String name, String text, Charset charset) {
        return writeBytes(dir, name, text.getBytes(charset));
    }

    static Path writeBytes(Path dir, String name, byte[] bytes) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path gzip(Path dir, String name, String text) {
        return writeBytes(dir, name, gzipBytes(text.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] gzipBytes(byte[] content) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The gzip of {@code content} cut to {@code keep} of its bytes: a broken-off download. */
    static byte[] truncatedGzip(byte[] content, double keep) {
        byte[] full = gzipBytes(content);
        return Arrays.copyOf(full, (int) (full.length * keep));
    }

    /** Every result of {@code reader}, which is closed afterwards. */
    static <T> List<ReadResult<T>> readAll(RecordReader<T> reader) {
        try (reader) {
            List<ReadResult<T>> all = new ArrayList<>();
            reader.forEachRemaining(all::add);
            return all;
        }
    }

    static <T> List<T> accepted(List<ReadResult<T>> results) {
        List<T> values = new ArrayList<>();
        for (ReadResult<T> r : results) {
            if (r instanceof ReadResult.Accepted<T> a) {
                values.add(a.value());
            }
        }
        return values;
    }

    static <T> List<RejectedRow> rejected(List<ReadResult<T>> results) {
        List<RejectedRow> rows = new ArrayList<>();
        for (ReadResult<T> r : results) {
            if (r instanceof ReadResult.Rejected<T> x) {
                rows.add(x.row());
            }
        }
        return rows;
    }
}

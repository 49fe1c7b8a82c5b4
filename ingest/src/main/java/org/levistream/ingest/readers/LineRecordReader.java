package org.levistream.ingest.readers;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.zip.ZipException;

/**
 * Reads a text source line by line, handing each line to a {@link LineParser}. A parser's {@link RowException}
 * becomes a rejected row at that line; a gzip stream that ends early or is corrupt becomes one
 * {@link RejectReason#TRUNCATED} row after the last good line, and reading stops there.
 */
final class LineRecordReader<T> extends AbstractRecordReader<T> {
    private final TextLines in;
    private final String file;
    private final LineParser<T> parser;
    private long lineNumber;
    private boolean broken;

    private LineRecordReader(String source, TextLines in, String file, long linesAlreadyRead,
                             LineParser<T> parser) {
        super(source);
        this.in = in;
        this.file = file;
        this.lineNumber = linesAlreadyRead;
        this.parser = parser;
    }

    /** A reader of {@code file} from its first line. */
    static <T> LineRecordReader<T> open(String source, Path file, Charset charset, LineParser<T> parser) {
        return new LineRecordReader<>(source, SourceFiles.lines(file, charset), file.toString(), 0, parser);
    }

    /** A reader that continues {@code in}, of which a header of {@code linesAlreadyRead} lines has been consumed. */
    static <T> LineRecordReader<T> continuing(String source, TextLines in, Path file, long linesAlreadyRead,
                                              LineParser<T> parser) {
        return new LineRecordReader<>(source, in, file.toString(), linesAlreadyRead, parser);
    }

    @Override
    protected ReadResult<T> readNext() throws IOException {
        while (!broken) {
            String line;
            try {
                line = in.readLine();
            } catch (EOFException | ZipException e) {
                broken = true;
                return truncated(e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
            SourcePosition position = SourcePosition.line(file, lineNumber);
            if (in.malformedAt() >= 0) {
                return rejected(position, new RowException(RejectReason.INVALID_UTF8,
                        "the line is not valid UTF-8 (a malformed sequence at byte " + in.malformedAt() + ")"), line);
            }
            try {
                T value = parser.parse(line, lineNumber);
                if (value != null) {
                    return accepted(value, position);
                }
            } catch (RowException e) {
                return rejected(position, e, line);
            }
        }
        return null;
    }

    private ReadResult<T> truncated(IOException e) {
        String message = "the compressed stream breaks off after line " + lineNumber + " (" + e.getMessage() + ")";
        return rejected(SourcePosition.line(file, lineNumber + 1), new RowException(RejectReason.TRUNCATED, message), "");
    }

    @Override
    protected void closeSources() throws IOException {
        in.close();
    }
}

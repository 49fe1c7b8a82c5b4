package org.levistream.ingest.readers;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.levistream.schemas.serde.StrictUtf8;

/**
 * The lines of a byte stream, as {@link java.io.BufferedReader#readLine()} gives them (ended by {@code \n}, {@code \r}
 * or {@code \r\n}; the last line may lack its end; malformed bytes read as U+FFFD), but found in the bytes and decoded
 * one line at a time. Reading through a {@code Reader} decodes every byte into a {@code char[]} first and copies the
 * chars again into each line; for a MovieLens ingest that was a third of the reading thread's time.
 *
 * <p>Only for charsets in which {@code \n} and {@code \r} are single bytes that never occur inside another character:
 * UTF-8, ISO-8859-1 and US-ASCII. Not thread-safe; closes the stream when closed.
 */
final class TextLines implements Closeable {
    private static final Set<Charset> LINE_SAFE = Set.of(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1,
            StandardCharsets.US_ASCII);
    private static final int DEFAULT_BUFFER = 1 << 16;

    private final InputStream in;
    private final Charset charset;
    private final byte[] buffer;
    private int position;
    private int limit;
    /** The start of a line that goes on past the buffer's end. */
    private byte[] carried = new byte[256];
    /** Whether the last line ended with {@code \r}, so that a {@code \n} right after it belongs to that end. */
    private boolean afterCarriageReturn;
    private int malformedAt = -1;

    /**
     * @param in      the bytes; read in chunks, so it need not be buffered
     * @param charset UTF-8, ISO-8859-1 or US-ASCII
     */
    TextLines(InputStream in, Charset charset) {
        this(in, charset, DEFAULT_BUFFER);
    }

    /** With a buffer of {@code bufferSize} bytes (tests use small ones to cross its end often). */
    TextLines(InputStream in, Charset charset, int bufferSize) {
        if (!LINE_SAFE.contains(charset)) {
            throw new IllegalArgumentException("charset was " + charset + " but must be one of " + LINE_SAFE
                    + ", in which line ends are single bytes");
        }
        this.in = in;
        this.charset = charset;
        this.buffer = new byte[bufferSize];
    }

    /**
     * The next line without its end, or {@code null} at the end of the stream.
     *
     * @throws IOException what the stream throws (a truncated gzip stream's {@code EOFException}, say)
     */
    String readLine() throws IOException {
        int carriedLength = 0;
        boolean started = false;
        while (true) {
            if (position == limit && !fill()) {
                return started ? decode(carried, 0, carriedLength) : null;
            }
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            started = true;
            int start = position;
            int end = endOfLine(start);
            if (end < limit) {
                afterCarriageReturn = buffer[end] == '\r';
                position = end + 1;
                if (carriedLength == 0) {
                    return decode(buffer, start, end - start);
                }
                carriedLength = carry(start, end, carriedLength);
                return decode(carried, 0, carriedLength);
            }
            carriedLength = carry(start, limit, carriedLength);
            position = limit;
        }
    }

    /**
     * Where the last line read stops being well-formed UTF-8: the index of its first malformed byte (which then reads
     * as U+FFFD), or -1 when it is well-formed or the charset is not UTF-8.
     */
    int malformedAt() {
        return malformedAt;
    }

    /**
     * Fails when the stream starts with binary data: a NUL byte in its first buffer, which no text file has. Reads
     * nothing past that buffer, and what it reads is still returned by {@link #readLine}.
     *
     * @param name the file, for the message
     * @throws InvalidSourceException naming the file and the byte
     * @throws IOException what the stream throws
     */
    void requireText(String name) throws IOException {
        if (position == limit && !fill()) {
            return;
        }
        for (int i = position; i < limit; i++) {
            if (buffer[i] == 0) {
                throw new InvalidSourceException(name + " is not a text file: byte " + i + " is NUL (binary data, "
                        + "or a compressed format other than gzip?)");
            }
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private String decode(byte[] bytes, int from, int length) {
        malformedAt = charset == StandardCharsets.UTF_8 ? StrictUtf8.firstMalformed(bytes, from, length) : -1;
        return new String(bytes, from, length, charset);
    }

    private int endOfLine(int from) {
        int i = from;
        while (i < limit && buffer[i] != '\n' && buffer[i] != '\r') {
            i++;
        }
        return i;
    }

    private int carry(int from, int to, int carriedLength) {
        int length = carriedLength + to - from;
        if (length > carried.length) {
            carried = Arrays.copyOf(carried, Math.max(length, carried.length * 2));
        }
        System.arraycopy(buffer, from, carried, carriedLength, to - from);
        return length;
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        position = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }
}

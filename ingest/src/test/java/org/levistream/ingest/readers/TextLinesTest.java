package org.levistream.ingest.readers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class TextLinesTest {
    /** Bytes that make lines interesting: ends of every kind, multi-byte UTF-8, malformed bytes, blanks, commas. */
    private static final byte[][] PIECES = {
        {'\n'}, {'\r'}, {'\r', '\n'}, {'a'}, {'Z'}, {'7'}, {','}, {' '}, {'"'},
        "é".getBytes(StandardCharsets.UTF_8), "中".getBytes(StandardCharsets.UTF_8),
        "😀".getBytes(StandardCharsets.UTF_8), {(byte) 0xC3}, {(byte) 0xFF}, {(byte) 0xE9}
    };

    /** Reads exactly what BufferedReader reads, line by line, whatever the bytes and wherever the buffer ends. */
    @ParameterizedTest
    @ValueSource(strings = {"UTF-8", "ISO-8859-1", "US-ASCII"})
    void readsTheLinesBufferedReaderReads(String charsetName) throws IOException {
        Charset charset = Charset.forName(charsetName);
        var random = new SplittableRandom(charsetName.hashCode());
        for (int n = 0; n < 2_000; n++) {
            byte[] bytes = randomText(random, random.nextInt(0, 300));
            int bufferSize = random.nextInt(1, 40);

            assertThat(lines(new TextLines(new ByteArrayInputStream(bytes), charset, bufferSize)))
                    .as("%d bytes, buffer %d", bytes.length, bufferSize)
                    .isEqualTo(referenceLines(bytes, charset));
        }
    }

    @Test
    void aStreamThatBreaksOffThrowsWhatItThrows() {
        InputStream breaking = new InputStream() {
            private int left = 5;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new EOFException("Unexpected end of ZLIB input stream");
                }
                return 'x';
            }
        };
        var lines = new TextLines(breaking, StandardCharsets.UTF_8, 4);

        assertThatThrownBy(lines::readLine).isInstanceOf(EOFException.class).hasMessageContaining("ZLIB");
    }

    @Test
    void refusesACharsetWhoseLineEndsAreNotSingleBytes() {
        assertThatThrownBy(() -> new TextLines(InputStream.nullInputStream(), StandardCharsets.UTF_16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("charset was UTF-16 but must be one of");
    }

    private static byte[] randomText(SplittableRandom random, int pieces) {
        var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < pieces; i++) {
            // Mostly plain characters, so that lines are of every length.
            byte[] piece = random.nextInt(10) < 7 ? PIECES[3 + random.nextInt(6)]
                    : PIECES[random.nextInt(PIECES.length)];
            out.write(piece, 0, piece.length);
        }
        return out.toByteArray();
    }

    private static List<String> lines(TextLines in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
        }
        assertThat(in.readLine()).isNull();
        return lines;
    }

    private static List<String> referenceLines(byte[] bytes, Charset charset) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var in = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(bytes), charset))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }
}

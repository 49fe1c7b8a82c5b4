package org.levistream.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks that bytes are well-formed UTF-8. Java's {@code new String(bytes, UTF_8)} and Avro's {@code Utf8} replace
 * malformed input with U+FFFD silently, so an id with a broken byte would otherwise become another, valid-looking id;
 * the records that carry one are refused instead, with a one-line reason that names the place but never echoes the
 * bytes. ASCII, nearly every id, is checked by one pass without a decoder.
 */
public final class StrictUtf8 {
    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private StrictUtf8() {
    }

    /**
     * Finds the first byte that is not part of well-formed UTF-8.
     *
     * @param bytes  the bytes
     * @param offset where the string starts
     * @param length its length in bytes
     * @return the index, relative to {@code offset}, of the first malformed byte; -1 when all are well-formed
     */
    public static int firstMalformed(byte[] bytes, int offset, int length) {
        int i = 0;
        while (i < length && bytes[offset + i] >= 0) {
            i++;
        }
        if (i == length) {
            return -1;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharsetDecoder decoder = DECODER.get().reset();
        try {
            decoder.decode(in);
            return -1;
        } catch (CharacterCodingException e) {
            return in.position() - offset;
        }
    }

    /**
     * The reason a string is refused, for a dead letter or an error line.
     *
     * @param length its length in bytes
     * @param at     the first malformed byte's index, from {@link #firstMalformed}
     * @return e.g. {@code a string of 9 bytes is not valid UTF-8 (a malformed sequence at byte 4)}
     */
    public static String reason(int length, int at) {
        return "a string of " + length + " bytes is not valid UTF-8 (a malformed sequence at byte " + at + ")";
    }
}

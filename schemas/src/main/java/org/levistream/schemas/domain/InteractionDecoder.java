package org.levistream.schemas.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.apache.avro.Schema;
import org.levistream.schemas.serde.StrictUtf8;

/**
 * Reads an {@link InteractionEvent} from bytes written with exactly {@link InteractionEncoder}'s schema (see
 * {@link #reads(Schema)}), straight into the record: what {@link AvroMapping#fromAvro} makes of what a
 * {@code SpecificDatumReader} reads, without the bean, its collections, or the reader's walk over the schema. The
 * trainer decodes every record it consumes; this is its fast path.
 *
 * <p>It is strict where Avro's reader might be lenient or say more: any bytes it does not take for a whole, valid
 * record throw {@link MalformedInteractionException}, and the caller then decodes them with Avro's reader, which
 * either reads them or explains why not. So the fast path changes how fast a record is read, never what it reads or
 * which records are poison ({@code InteractionDecoderTest} compares both on mutated bytes). Avro's blocked arrays and
 * maps with negative block counts are read as its reader reads them; bytes after the record are ignored, as there.
 *
 * <p>Genre lists repeat: a catalogue has a few hundred distinct ones, and every record carries its item's. So the
 * decoder remembers the lists it has read by their bytes, and a record whose list is byte for byte one read before
 * gets that same immutable list, with no strings made. Not thread-safe, for that memory: one per thread.
 */
public final class InteractionDecoder {
    /** Bytes a long's varint may take; a tenth byte carries the top bit only. */
    private static final int MAX_LONG_BYTES = 10;
    private static final int MAX_INT_BYTES = 5;
    /** Genre lists remembered, a power of two; a list whose slot holds another replaces it. */
    private static final int GENRE_LISTS = 1024;

    /** A genre list as read, with the bytes it was read from. */
    private record GenreList(byte[] bytes, List<String> genres) {
    }

    private final GenreList[] genreLists = new GenreList[GENRE_LISTS];

    /** The bytes are not a whole, valid record in {@link InteractionEncoder}'s schema; Avro's reader says why. */
    public static final class MalformedInteractionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedInteractionException(String message) {
            super(message, null, false, false);   // thrown and caught per bad record: no stack trace wanted
        }
    }

    /** Where reading is in the bytes. */
    private static final class Cursor {
        private final byte[] data;
        private final int end;
        private int position;

        Cursor(byte[] data, int offset, int length) {
            if (offset < 0 || length < 0 || offset > data.length - length) {
                throw new MalformedInteractionException("offset " + offset + " and length " + length + " do not fit "
                        + data.length + " bytes");
            }
            this.data = data;
            this.position = offset;
            this.end = offset + length;
        }

        byte next() {
            if (position >= end) {
                throw new MalformedInteractionException("the record ends early");
            }
            return data[position++];
        }
    }

    /**
     * Whether bytes written with {@code writer} can be read here: it is the schema {@link InteractionEncoder} writes.
     *
     * @param writer the writer schema the record's id names
     * @return true when this decoder reads exactly that schema's records
     */
    public static boolean reads(Schema writer) {
        return InteractionEncoder.writes(writer);
    }

    /**
     * Reads one record.
     *
     * @param data   the bytes
     * @param offset where the Avro body starts (after Confluent's header, say)
     * @param length how many bytes the body may take
     * @return the record
     * @throws MalformedInteractionException when the bytes are not a whole, valid record
     * @throws IllegalArgumentException      when the record breaks {@link InteractionEvent}'s invariants, as
     *                                       {@link AvroMapping#fromAvro} does
     */
    public InteractionEvent decode(byte[] data, int offset, int length) {
        Cursor in = new Cursor(data, offset, length);
        String userId = readString(in);
        String itemId = readString(in);
        float rating = readFloat(in);
        Instant eventTime = Instant.ofEpochMilli(readLong(in));
        String title = present(in) ? readString(in) : null;
        List<String> genres = readGenres(in);
        OptionalInt year = present(in) ? OptionalInt.of(readInt(in)) : OptionalInt.empty();
        String reviewText = present(in) ? readString(in) : null;
        Map<String, String> context = readContext(in);
        return new InteractionEvent(userId, itemId, rating, eventTime, Optional.ofNullable(title), genres, year,
                Optional.ofNullable(reviewText), context);
    }

    /** The genre list at the cursor: the one remembered for the same bytes, else read and remembered. */
    private List<String> readGenres(Cursor in) {
        int start = in.position;
        skipStrings(in);
        int end = in.position;
        int hash = 1;
        for (int i = start; i < end; i++) {
            hash = 31 * hash + in.data[i];
        }
        int slot = (hash ^ hash >>> 16) & (GENRE_LISTS - 1);
        GenreList known = genreLists[slot];
        if (known != null && Arrays.equals(known.bytes(), 0, known.bytes().length, in.data, start, end)) {
            return known.genres();
        }
        in.position = start;
        List<String> items = new ArrayList<>();
        for (long block = blockCount(in); block != 0; block = blockCount(in)) {
            for (long i = 0; i < block; i++) {
                items.add(readString(in));
            }
        }
        List<String> genres = List.copyOf(items);
        genreLists[slot] = new GenreList(Arrays.copyOfRange(in.data, start, end), genres);
        return genres;
    }

    /** Moves past an array of strings, checking it as {@link #readString} would, without making any. */
    private static void skipStrings(Cursor in) {
        for (long block = blockCount(in); block != 0; block = blockCount(in)) {
            for (long i = 0; i < block; i++) {
                long length = readLong(in);
                checkLength(in, length);
                in.position += (int) length;
            }
        }
    }

    private static Map<String, String> readContext(Cursor in) {
        long block = blockCount(in);
        if (block == 0) {
            return Map.of();   // most records carry no context: no map to make and copy
        }
        Map<String, String> entries = new HashMap<>();
        for (; block != 0; block = blockCount(in)) {
            for (long i = 0; i < block; i++) {
                String key = readString(in);
                entries.put(key, readString(in));   // a repeated key keeps its last value, as Avro's map does
            }
        }
        return entries;
    }

    /** A block's item count; a negative count is followed by the block's size in bytes, which is not needed. */
    private static long blockCount(Cursor in) {
        long count = readLong(in);
        if (count < 0) {
            readLong(in);
            count = -count;
            if (count < 0) {
                throw new MalformedInteractionException("block count " + count + " is out of range");
            }
        }
        return count;
    }

    /** A {@code ["null", T]} union's branch: true for T. */
    private static boolean present(Cursor in) {
        int branch = readInt(in);
        if (branch != 0 && branch != 1) {
            throw new MalformedInteractionException("union branch " + branch + " of 2");
        }
        return branch == 1;
    }

    private static String readString(Cursor in) {
        long length = readLong(in);
        checkLength(in, length);
        int malformed = StrictUtf8.firstMalformed(in.data, in.position, (int) length);
        if (malformed >= 0) {
            throw new MalformedInteractionException(StrictUtf8.reason((int) length, malformed));
        }
        String s = new String(in.data, in.position, (int) length, StandardCharsets.UTF_8);
        in.position += (int) length;
        return s;
    }

    private static void checkLength(Cursor in, long length) {
        if (length < 0 || length > in.end - in.position) {
            throw new MalformedInteractionException("a string of " + length + " bytes with "
                    + (in.end - in.position) + " left");
        }
    }

    private static float readFloat(Cursor in) {
        int bits = (in.next() & 0xFF) | (in.next() & 0xFF) << 8 | (in.next() & 0xFF) << 16 | (in.next() & 0xFF) << 24;
        return Float.intBitsToFloat(bits);
    }

    /** Zig-zag varint of at most {@value #MAX_INT_BYTES} bytes whose value fits an int. */
    private static int readInt(Cursor in) {
        long n = 0;
        for (int shift = 0, i = 0; ; shift += 7, i++) {
            if (i == MAX_INT_BYTES) {
                throw new MalformedInteractionException("an int takes more than " + MAX_INT_BYTES + " bytes");
            }
            byte b = in.next();
            n |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (n > 0xFFFF_FFFFL) {
            throw new MalformedInteractionException("an int's varint holds " + n);
        }
        int raw = (int) n;
        return (raw >>> 1) ^ -(raw & 1);
    }

    /** Zig-zag varint of at most {@value #MAX_LONG_BYTES} bytes, the tenth holding the top bit only. */
    private static long readLong(Cursor in) {
        long n = 0;
        for (int shift = 0, i = 0; ; shift += 7, i++) {
            byte b = in.next();
            if (i == MAX_LONG_BYTES - 1 && (b & 0xFF) > 1) {
                throw new MalformedInteractionException("a long's tenth byte is " + (b & 0xFF));
            }
            n |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                break;
            }
            if (i == MAX_LONG_BYTES - 1) {
                throw new MalformedInteractionException("a long takes more than " + MAX_LONG_BYTES + " bytes");
            }
        }
        return (n >>> 1) ^ -(n & 1);
    }
}

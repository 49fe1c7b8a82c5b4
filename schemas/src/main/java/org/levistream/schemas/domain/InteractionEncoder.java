package org.levistream.schemas.domain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.levistream.schemas.avro.Interaction;

/**
 * Writes an {@link InteractionEvent} in the Avro binary encoding of {@link Interaction}'s schema, straight from the
 * record: byte for byte what a {@code SpecificDatumWriter} writes for {@link AvroMapping#toAvro(InteractionEvent)},
 * without the bean, the copies of its collections, or the datum writer's walk over the schema for every field
 * (Avro generates no custom coder for {@code Interaction}, because of its {@code timestamp-millis} field). Ingest
 * encodes every interaction it publishes this way.
 *
 * <p>The record's invariants are the schema's rules and more (ids and collections never null, no null genre or
 * context value), so any valid record encodes. The field layout is written out here, so the encoder is for one
 * schema only: callers check {@link #writes(Schema)}, which compares the schema's parsing canonical form (all that
 * decides the binary encoding, logical types aside) with the one this class was written for; when the schema changes,
 * {@code InteractionEncoderTest} fails until this class is updated, and callers fall back to Avro's writer meanwhile.
 *
 * <p>Not thread-safe: one buffer is reused for every record. One encoder per thread.
 */
public final class InteractionEncoder {
    /** {@code SchemaNormalization.toParsingForm} of the {@code Interaction} schema this class writes. */
    static final String PARSING_FORM = "{\"name\":\"org.levistream.schemas.avro.Interaction\",\"type\":\"record\","
            + "\"fields\":[{\"name\":\"userId\",\"type\":\"string\"},{\"name\":\"itemId\",\"type\":\"string\"},"
            + "{\"name\":\"rating\",\"type\":\"float\"},{\"name\":\"eventTime\",\"type\":\"long\"},"
            + "{\"name\":\"itemTitle\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"genres\",\"type\":{\"type\":\"array\",\"items\":\"string\"}},"
            + "{\"name\":\"releaseYear\",\"type\":[\"null\",\"int\"]},"
            + "{\"name\":\"reviewText\",\"type\":[\"null\",\"string\"]},"
            + "{\"name\":\"context\",\"type\":{\"type\":\"map\",\"values\":\"string\"}}]}";
    // Branch indices of the ["null", T] unions.
    private static final int ABSENT = 0;
    private static final int PRESENT = 1;
    /** Bytes a varint takes at most (a long's 64 bits in groups of 7). */
    private static final int MAX_VARINT_BYTES = 10;

    private byte[] buffer = new byte[256];
    private int position;

    /**
     * Whether this encoder writes {@code schema}'s binary encoding: its parsing canonical form is {@link #PARSING_FORM}
     * and its event time counts milliseconds.
     */
    public static boolean writes(Schema schema) {
        if (!PARSING_FORM.equals(SchemaNormalization.toParsingForm(schema))) {
            return false;
        }
        return schema.getField("eventTime").schema().getLogicalType() instanceof LogicalTypes.TimestampMillis;
    }

    /**
     * {@code header}, then the Avro binary encoding of {@code event}, in a new array of exactly that length.
     *
     * @param header bytes to write first (Confluent's magic byte and schema id; empty for none)
     * @throws ArithmeticException when the event time is too far from 1970 for a long of milliseconds, which Avro's
     *                             writer would refuse too
     */
    public byte[] encode(byte[] header, InteractionEvent event) {
        position = 0;
        writeRaw(header);
        writeString(event.userId());
        writeString(event.itemId());
        writeFloat(event.rating());
        writeLong(event.eventTime().toEpochMilli());
        writeOptional(event.title().orElse(null));
        writeArray(event.genres());
        if (event.releaseYear().isPresent()) {
            writeLong(PRESENT);
            writeLong(event.releaseYear().getAsInt());   // an int's zig-zag varint is that of the same long
        } else {
            writeLong(ABSENT);
        }
        writeOptional(event.reviewText().orElse(null));
        writeMap(event.context());
        return Arrays.copyOf(buffer, position);
    }

    private void writeOptional(String value) {
        if (value == null) {
            writeLong(ABSENT);
        } else {
            writeLong(PRESENT);
            writeString(value);
        }
    }

    /** Avro's blocked array: the item count (when not 0), the items, and 0 for the end. */
    private void writeArray(List<String> items) {
        if (!items.isEmpty()) {
            writeLong(items.size());
            for (int i = 0; i < items.size(); i++) {
                writeString(items.get(i));
            }
        }
        writeLong(0);
    }

    /** Avro's blocked map, in the map's iteration order (the order {@link AvroMapping} copies it in). */
    private void writeMap(Map<String, String> entries) {
        if (!entries.isEmpty()) {
            writeLong(entries.size());
            for (Map.Entry<String, String> e : entries.entrySet()) {
                writeString(e.getKey());
                writeString(e.getValue());
            }
        }
        writeLong(0);
    }

    /** Length, then UTF-8 bytes; ASCII, the usual case, is copied char by char without an intermediate array. */
    private void writeString(String s) {
        int length = s.length();
        ensure(MAX_VARINT_BYTES + length);
        int start = position;
        writeLong(length);
        int p = position;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                position = start;        // not ASCII: byte length differs from char count; encode as Avro does
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                writeLong(utf8.length);
                writeRaw(utf8);
                return;
            }
            buffer[p++] = (byte) c;
        }
        position = p;
    }

    /** Four bytes, little-endian, of the raw IEEE bits (as Avro's {@code BinaryData.encodeFloat}). */
    private void writeFloat(float f) {
        ensure(Float.BYTES);
        int bits = Float.floatToRawIntBits(f);
        buffer[position++] = (byte) bits;
        buffer[position++] = (byte) (bits >>> 8);
        buffer[position++] = (byte) (bits >>> 16);
        buffer[position++] = (byte) (bits >>> 24);
    }

    /** Zig-zag, then a varint of 7-bit groups, low group first (as Avro's {@code BinaryData.encodeLong}). */
    private void writeLong(long value) {
        ensure(MAX_VARINT_BYTES);
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        buffer[position++] = (byte) n;
    }

    private void writeRaw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, position, bytes.length);
        position += bytes.length;
    }

    private void ensure(int more) {
        if (position + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
        }
    }
}

package org.levistream.schemas.serde.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroTypeException;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;
import org.levistream.schemas.serde.StrictUtf8;

/**
 * A decoder that refuses malformed UTF-8 in strings (map keys included), and otherwise reads exactly as the decoder
 * it wraps. Avro's own decoders accept any bytes as a string and leave the replacement to whoever converts them.
 */
public final class Utf8CheckingDecoder extends Decoder {
    private Decoder in;

    /**
     * Wraps a decoder.
     *
     * @param in the decoder to read from
     */
    public Utf8CheckingDecoder(Decoder in) {
        this.in = in;
    }

    /**
     * Reads from another decoder from now on, so that one wrapper can be reused per thread.
     *
     * @param next the decoder to read from
     * @return this
     */
    public Utf8CheckingDecoder reading(Decoder next) {
        this.in = next;
        return this;
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        return checked(in.readString(old));
    }

    @Override
    public String readString() throws IOException {
        return checked(in.readString(null)).toString();
    }

    private static Utf8 checked(Utf8 s) {
        int at = StrictUtf8.firstMalformed(s.getBytes(), 0, s.getByteLength());
        if (at >= 0) {
            throw new AvroTypeException(StrictUtf8.reason(s.getByteLength(), at));
        }
        return s;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        return in.readBytes(old);
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return in.readArrayStart();
    }

    @Override
    public long arrayNext() throws IOException {
        return in.arrayNext();
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return in.readMapStart();
    }

    @Override
    public long mapNext() throws IOException {
        return in.mapNext();
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}

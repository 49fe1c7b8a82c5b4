package org.levistream.schemas.serde.internal;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronized, reusable in-memory output stream: one per serializing thread, reset per record, so the hot
 * path allocates only the returned array. ({@link java.io.ByteArrayOutputStream} locks on every write.)
 */
public final class ByteSink extends OutputStream {
    private byte[] buffer;
    private int size;

    /** @param initialCapacity bytes reserved up front; the buffer doubles when a record needs more */
    public ByteSink(int initialCapacity) {
        this.buffer = new byte[initialCapacity];
    }

    /** Forgets the content, keeps the buffer. */
    public void reset() {
        size = 0;
    }

    /** Makes room for {@code count} more bytes and returns the buffer; write there at {@link #size()}, then skip. */
    public byte[] reserve(int count) {
        ensure(count);
        return buffer;
    }

    /** Counts {@code count} bytes written directly into the buffer after {@link #reserve(int)}. */
    public void skip(int count) {
        size += count;
    }

    /** Bytes written since the last reset. */
    public int size() {
        return size;
    }

    /** A copy of the content. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, buffer, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}

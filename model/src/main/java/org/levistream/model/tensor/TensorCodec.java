package org.levistream.model.tensor;

import ai.djl.ndarray.types.Shape;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes and reads lists of {@link NamedTensor}s in the model module's binary layout (version 1).
 *
 * <p>Layout, all big-endian: {@code int count}, then per tensor {@code UTF name}, {@code byte dtype} (1 =
 * float32), {@code int rank}, {@code long[rank] dims}, and {@code size} raw IEEE-754 float bits. Raw bits keep
 * NaN payloads and signed zeros, so a round trip is exact. The layout is pinned by a golden-file test.
 */
public final class TensorCodec {
    private static final byte FLOAT32 = 1;
    /** Largest rank accepted when reading, so that a corrupt header fails fast instead of allocating wildly. */
    private static final int MAX_RANK = 8;
    /** Values copied per chunk; bounds the temporary byte buffer to 4 MiB. */
    private static final int CHUNK = 1 << 20;

    private TensorCodec() {}

    /**
     * Writes the tensors in order.
     *
     * @param out     the stream to write to; not closed
     * @param tensors the tensors
     * @throws IOException if writing fails
     */
    public static void write(DataOutputStream out, List<NamedTensor> tensors) throws IOException {
        out.writeInt(tensors.size());
        for (NamedTensor t : tensors) {
            writeOne(out, t);
        }
    }

    /**
     * Writes one tensor (header and values).
     *
     * @param out the stream to write to; not closed
     * @param t   the tensor
     * @throws IOException if writing fails
     */
    public static void writeOne(DataOutputStream out, NamedTensor t) throws IOException {
        out.writeUTF(t.name());
        out.writeByte(FLOAT32);
        long[] dims = t.shape().getShape();
        out.writeInt(dims.length);
        for (long d : dims) {
            out.writeLong(d);
        }
        FloatBuffer values = t.data().duplicate();
        ByteBuffer bytes = ByteBuffer.allocate(Math.min(values.remaining(), CHUNK) * Float.BYTES)
                .order(ByteOrder.BIG_ENDIAN);
        while (values.hasRemaining()) {
            int n = Math.min(values.remaining(), CHUNK);
            bytes.clear();
            FloatBuffer view = bytes.asFloatBuffer();
            FloatBuffer slice = values.slice();
            slice.limit(n);
            view.put(slice);
            values.position(values.position() + n);
            out.write(bytes.array(), 0, n * Float.BYTES);
        }
    }

    /**
     * Reads tensors written by {@link #write}.
     *
     * @param in   the stream to read from; not closed
     * @param what names the file in error messages, e.g. {@code parameters.bin}
     * @return the tensors, in file order
     * @throws IOException if reading fails or the data is malformed
     */
    public static List<NamedTensor> read(DataInputStream in, String what) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new IOException(what + " declares " + count + " tensors");
        }
        List<NamedTensor> tensors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tensors.add(readOne(in, what));
        }
        return tensors;
    }

    /**
     * Reads one tensor written by {@link #writeOne}.
     *
     * @param in   the stream to read from; not closed
     * @param what names the file in error messages
     * @return the tensor
     * @throws IOException if reading fails or the header is malformed
     */
    public static NamedTensor readOne(DataInputStream in, String what) throws IOException {
        String name = in.readUTF();
        byte dtype = in.readByte();
        if (dtype != FLOAT32) {
            throw new IOException(what + ": tensor " + name + " has dtype code " + dtype + "; only 1 (float32) is known");
        }
        int rank = in.readInt();
        if (rank < 0 || rank > MAX_RANK) {
            throw new IOException(what + ": tensor " + name + " has rank " + rank + "; expected 0.." + MAX_RANK);
        }
        long[] dims = new long[rank];
        long size = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = in.readLong();
            if (dims[i] < 0) {
                throw new IOException(what + ": tensor " + name + " has dimensions " + Arrays.toString(dims));
            }
            size = Math.multiplyExact(size, dims[i]);
        }
        if (size > Integer.MAX_VALUE) {
            throw new IOException(what + ": tensor " + name + " has " + size + " values, more than one array holds");
        }
        float[] values = new float[(int) size];
        byte[] chunk = new byte[Math.min(values.length, CHUNK) * Float.BYTES];
        for (int done = 0; done < values.length; ) {
            int n = Math.min(values.length - done, CHUNK);
            in.readFully(chunk, 0, n * Float.BYTES);
            ByteBuffer.wrap(chunk, 0, n * Float.BYTES).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(values, done, n);
            done += n;
        }
        return new NamedTensor(name, new Shape(dims), FloatBuffer.wrap(values));
    }
}

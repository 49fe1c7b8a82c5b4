package org.levistream.model.optim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.levistream.model.tensor.NamedTensor;
import org.levistream.model.tensor.TensorCodec;

/**
 * A snapshot of a {@link StatefulOptimizer}'s whole state, on the heap: the kind, and per parameter its update
 * count and moment tensors ({@code m}, {@code v} for Adam; {@code velocity} for SGD with momentum).
 *
 * <p>File layout ({@code optimizer.bin}, version 1, big-endian): the 8 ASCII bytes {@code LEVIOPT1},
 * {@code UTF kind}, {@code int count}, then per parameter {@code UTF name}, {@code long steps} and its moments in
 * {@link TensorCodec} layout. Values are raw float bits, so writing and reading back is exact.
 *
 * @param kind  the optimizer that produced the state
 * @param slots one entry per parameter, in the optimizer's order
 */
public record OptimizerState(OptimizerSpec.Kind kind, List<Slot> slots) {
    private static final byte[] MAGIC = "LEVIOPT1".getBytes(StandardCharsets.US_ASCII);

    /**
     * The state of one parameter.
     *
     * @param name    the parameter's name
     * @param steps   how many updates it has received (Adam's bias correction uses it)
     * @param moments its moment tensors, named {@code m}, {@code v} or {@code velocity}
     */
    public record Slot(String name, long steps, List<NamedTensor> moments) {
        /** Copies the moment list. */
        public Slot {
            Objects.requireNonNull(name, "name");
            moments = List.copyOf(moments);
        }
    }

    /** Copies the slot list. */
    public OptimizerState {
        Objects.requireNonNull(kind, "kind");
        slots = List.copyOf(slots);
    }

    /**
     * Writes the state.
     *
     * @param stream where to write; not closed
     * @throws IOException if writing fails
     */
    public void writeTo(OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        out.write(MAGIC);
        out.writeUTF(kind.name());
        out.writeInt(slots.size());
        for (Slot slot : slots) {
            out.writeUTF(slot.name());
            out.writeLong(slot.steps());
            TensorCodec.write(out, slot.moments());
        }
        out.flush();
    }

    /**
     * Reads a state written by {@link #writeTo}.
     *
     * @param stream the bytes; not closed
     * @return the state
     * @throws IOException if the bytes are not an optimizer state
     */
    public static OptimizerState readFrom(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[MAGIC.length];
        in.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an optimizer state: the bytes do not start with LEVIOPT1");
        }
        OptimizerSpec.Kind kind;
        String kindName = in.readUTF();
        try {
            kind = OptimizerSpec.Kind.valueOf(kindName);
        } catch (IllegalArgumentException e) {
            throw new IOException("optimizer state has unknown kind " + kindName, e);
        }
        int count = in.readInt();
        if (count < 0) {
            throw new IOException("optimizer state declares " + count + " parameters");
        }
        List<Slot> slots = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            long steps = in.readLong();
            slots.add(new Slot(name, steps, TensorCodec.read(in, "optimizer state")));
        }
        return new OptimizerState(kind, slots);
    }

    /**
     * Counts the moment tensors over all parameters.
     *
     * @return the number of tensors
     */
    public int tensorCount() {
        return slots.stream().mapToInt(s -> s.moments().size()).sum();
    }
}

package org.levistream.model.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * A named float32 tensor held on the JVM heap, outside any {@link NDManager}: what checkpoints, backbone files
 * and optimizer state are made of. Copies to and from {@link NDArray} keep every bit (NaN payloads and the sign
 * of zero included).
 *
 * @param name  the parameter or state name, e.g. {@code head.01Linear_weight}
 * @param shape the tensor's shape
 * @param data  the values in row-major order, read-only; {@code shape.size()} of them
 */
public record NamedTensor(String name, Shape shape, FloatBuffer data) {

    /** Validates the name and that the data holds exactly one value per element of the shape. */
    public NamedTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a tensor name must not be blank");
        }
        if (data.remaining() != shape.size()) {
            throw new IllegalArgumentException(
                    "tensor " + name + " has shape " + shape + " (" + shape.size() + " values) but "
                            + data.remaining() + " values were given");
        }
        data = data.slice().asReadOnlyBuffer();
    }

    /**
     * Returns the values as a read-only view with its own position, so that readers never disturb each other.
     *
     * @return a duplicate of the read-only buffer, positioned at the first value
     */
    @Override
    public FloatBuffer data() {
        return data.duplicate();
    }

    /**
     * Copies an array of values into a new tensor.
     *
     * @param name   the tensor's name
     * @param shape  its shape
     * @param values row-major values; copied
     * @return the tensor
     */
    public static NamedTensor of(String name, Shape shape, float[] values) {
        return new NamedTensor(name, shape, FloatBuffer.wrap(values.clone()));
    }

    /**
     * Copies an {@link NDArray} (on any device) to the heap.
     *
     * @param name  the tensor's name
     * @param array a float32 array; it is not modified or closed
     * @return the tensor
     */
    public static NamedTensor copyOf(String name, NDArray array) {
        if (array.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    "tensor " + name + " is " + array.getDataType() + " but only float32 is supported");
        }
        return new NamedTensor(name, array.getShape(), FloatBuffer.wrap(array.toFloatArray()));
    }

    /**
     * Returns a copy of the values.
     *
     * @return a new array of {@code shape.size()} values
     */
    public float[] toArray() {
        float[] out = new float[data.remaining()];
        data.duplicate().get(out);
        return out;
    }

    /**
     * Creates an {@link NDArray} with these values in the given manager (and on its device).
     *
     * @param manager the manager that will own the array
     * @return a new array
     */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(toArray(), shape);
    }

    /**
     * Overwrites an existing array in place with these values; the array keeps its identity, manager and
     * gradient flag, which is what loading parameters into a built model needs.
     *
     * @param target an array of the same shape
     */
    public void copyInto(NDArray target) {
        if (!target.getShape().equals(shape)) {
            throw new IllegalArgumentException(
                    "tensor " + name + " has shape " + shape + " but the target has shape " + target.getShape());
        }
        // Through an indexed copy, not NDArray.set(float[]): DJL's native set enters libtorch's deprecated
        // AutoNonVariableTypeMode, whose warning every run printed once on stderr (issue 14). The values are the
        // same bits either way.
        // An in-place write to a parameter that requires a gradient is refused with grad mode on; loading happens
        // outside any gradient collector, on a thread prepared as DJL prepares its own.
        org.levistream.model.internal.TrainingThreads.prepareCurrent();
        try (NDManager scope = target.getManager().newSubManager()) {
            target.set(new NDIndex("..."), scope.create(toArray(), shape));
        }
    }

    /**
     * Compares name, shape and the raw bits of every value; unlike {@link #equals}, {@code 0.0f} and
     * {@code -0.0f} differ and equal NaNs are equal.
     *
     * @param other the tensor to compare with
     * @return whether the two are bit-identical
     */
    public boolean bitEquals(NamedTensor other) {
        if (!name.equals(other.name) || !shape.equals(other.shape)) {
            return false;
        }
        FloatBuffer a = data.duplicate();
        FloatBuffer b = other.data.duplicate();
        while (a.hasRemaining()) {
            if (Float.floatToRawIntBits(a.get()) != Float.floatToRawIntBits(b.get())) {
                return false;
            }
        }
        return true;
    }
}

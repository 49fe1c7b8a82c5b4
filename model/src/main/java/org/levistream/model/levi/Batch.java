package org.levistream.model.levi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.Objects;
import org.levistream.model.task.IdRows;

/**
 * One batch of examples, as arrays in the caller's batch manager on the training device. A step borrows them
 * with {@code tempAttachAll} and hands them back when it returns; the caller closes its manager afterwards.
 *
 * <p>The same array may appear in both inputs (images feed both the backbone and the small CNN).
 *
 * @param backboneInput the backbone's input, {@code [batch, ...inputShape]}; empty for {@link Method#SMALL_ONLY}
 * @param taskInput     g's input: {@code [batch, fields]} int64 buckets or {@code [batch, C, H, W]} images;
 *                      empty for methods without g
 * @param labels        {@code [batch]} ratings (float32) or class indices (int64); {@code null} for prediction
 * @param keys          optional ids of the backbone inputs (e.g. item or image ids), one per example, for the
 *                      tap cache; empty when not cached
 * @param idRows        the rows the hashed ids touch, made by the batch builder on the host (see {@link IdRows});
 *                      {@code null} when not given, and the step then reads the ids back from the device
 */
public record Batch(NDList backboneInput, NDList taskInput, NDArray labels, List<String> keys, IdRows idRows) {

    /** Validates that keys, when given, match the batch size. */
    public Batch {
        Objects.requireNonNull(backboneInput, "backboneInput");
        Objects.requireNonNull(taskInput, "taskInput");
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (backboneInput.isEmpty() && taskInput.isEmpty()) {
            throw new IllegalArgumentException("a batch needs a backbone input, a task input or both");
        }
        if (!keys.isEmpty() && keys.size() != size(backboneInput, taskInput)) {
            throw new IllegalArgumentException("a batch of " + size(backboneInput, taskInput) + " examples has "
                    + keys.size() + " keys");
        }
    }

    /**
     * A labelled batch without cache keys.
     *
     * @param backboneInput the backbone's input
     * @param taskInput     g's input
     * @param labels        the targets
     * @return the batch
     */
    public static Batch of(NDList backboneInput, NDList taskInput, NDArray labels) {
        return new Batch(backboneInput, taskInput, labels, List.of(), null);
    }

    /**
     * A batch without precomputed id rows.
     *
     * @param backboneInput the backbone's input
     * @param taskInput     g's input
     * @param labels        the targets, or {@code null}
     * @param keys          tap-cache keys, or empty
     */
    public Batch(NDList backboneInput, NDList taskInput, NDArray labels, List<String> keys) {
        this(backboneInput, taskInput, labels, keys, null);
    }

    /**
     * Returns this batch with the rows its hashed ids touch, so that a training step need not read the ids back
     * from the device.
     *
     * @param ids    the ids of {@link #taskInput()} as the builder made them on the host, row-major
     * @param fields id fields per example
     * @param manager the batch's manager
     * @return the batch with {@link #idRows()}
     */
    public Batch withIdRows(long[] ids, int fields, NDManager manager) {
        return new Batch(backboneInput, taskInput, labels, keys, IdRows.of(ids, fields, manager));
    }

    /**
     * Returns the number of examples.
     *
     * @return the size of the first axis
     */
    public int size() {
        return size(backboneInput, taskInput);
    }

    private static int size(NDList backboneInput, NDList taskInput) {
        NDList any = backboneInput.isEmpty() ? taskInput : backboneInput;
        return Math.toIntExact(any.head().getShape().get(0));
    }
}

package org.levistream.trainer.batching;

import ai.djl.ndarray.NDManager;
import org.levistream.model.levi.Batch;

/**
 * A composed and featurized batch, ready for a training step. Closing it frees its arrays.
 *
 * @param composed the records and the positions after them
 * @param batch    the model batch; {@code null} for the empty end marker of a bounded run
 * @param manager  the manager that owns the batch's arrays; {@code null} with the batch
 */
public record ReadyBatch(ComposedBatch composed, Batch batch, NDManager manager) implements AutoCloseable {
    /** Frees the batch's arrays. */
    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}

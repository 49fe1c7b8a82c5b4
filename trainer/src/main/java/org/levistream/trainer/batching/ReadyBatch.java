package org.levistream.trainer.batching;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.levistream.model.levi.Batch;

/**
 * A composed and featurized batch, ready for a training step. Closing it frees its arrays.
 *
 * @param composed the records and the positions after them
 * @param batch    the model batch; {@code null} for the empty end marker of a bounded run
 * @param manager  the manager that owns the batch's arrays; {@code null} with the batch
 */
public record ReadyBatch(ComposedBatch<?> composed, Batch batch, NDManager manager) implements AutoCloseable {
    /**
     * Featurizes a composed batch into arrays of its own manager.
     *
     * @param composed the records; an empty end marker gives a ready batch without arrays
     * @param builder  the featurizer
     * @param device   where the arrays go
     * @param <E>      the records' type
     * @return the ready batch
     */
    public static <E> ReadyBatch featurize(ComposedBatch<E> composed, BatchBuilder<E> builder, Device device) {
        if (composed.records().isEmpty()) {
            return new ReadyBatch(composed, null, null);
        }
        List<E> events = new ArrayList<>(composed.size());
        composed.records().forEach(f -> events.add(f.event()));
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Batch batch = builder.training(events, manager);
            return new ReadyBatch(composed, batch, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Frees the batch's arrays. */
    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}

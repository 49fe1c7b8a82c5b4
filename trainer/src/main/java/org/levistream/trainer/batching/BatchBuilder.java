package org.levistream.trainer.batching;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.levistream.model.levi.Batch;
import org.levistream.schemas.domain.InteractionEvent;

/**
 * Turns interactions into a model {@link Batch}: the featurizer seam between Kafka records and LEVI. Called on the
 * feed's thread, one batch at a time, in batch order.
 *
 * <p>A stateful builder (one whose features depend on earlier records, such as a user's history) must be fed every
 * record of the run in the same order to give the same features; {@link #stateful()} tells the trainer so, and a
 * resumed run rebuilds the state by {@link #observe observing} the records before its checkpoint.
 */
public interface BatchBuilder {

    /**
     * Builds a labelled training batch and, for a stateful builder, records the events in its state afterwards.
     *
     * @param events  the batch's interactions, in batch order; not empty
     * @param manager the batch's own manager, on the training device; it owns every array created
     * @return the batch
     */
    Batch training(List<InteractionEvent> events, NDManager manager);

    /**
     * Builds a batch for scoring (e.g. ID validation) without changing any state. Labels are the ratings.
     *
     * @param events  the interactions; not empty
     * @param manager the manager that owns the arrays
     * @return the batch
     */
    Batch scoring(List<InteractionEvent> events, NDManager manager);

    /**
     * Records an event in the state as {@link #training} would, without building anything.
     *
     * @param event the event
     */
    default void observe(InteractionEvent event) {
    }

    /**
     * Tells whether features depend on earlier records.
     *
     * @return false for a builder whose output depends on each record alone
     */
    default boolean stateful() {
        return false;
    }

    /**
     * Returns the width of the backbone's input rows.
     *
     * @return features per example fed to the backbone
     */
    int backboneWidth();
}

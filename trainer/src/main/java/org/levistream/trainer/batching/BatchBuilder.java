package org.levistream.trainer.batching;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.levistream.model.levi.Batch;
import org.levistream.schemas.registry.SchemaRegistryClient;

/**
 * Turns decoded records into a model {@link Batch}: the featurizer seam between Kafka records and LEVI. Called on the
 * feed's thread, one batch at a time, in batch order. One implementation per record type and featurization:
 * {@link HashedFeatures} and {@link MovieLensFeatures} for interactions, {@link ImageFeatures} for images. The builder
 * also names the {@link RecordDecoder} of its records, so that the records it is handed are always ones it can
 * featurize for the model (an image decoder, say, refuses sizes and labels the model cannot take).
 *
 * <p>A stateful builder (one whose features depend on earlier records, such as a user's history) must be fed every
 * record of the run in the same order to give the same features; {@link #stateful()} tells the trainer so, and a
 * resumed run rebuilds the state by {@link #observe observing} the records before its checkpoint.
 *
 * @param <E> the decoded record's type
 */
public interface BatchBuilder<E> {

    /**
     * Makes the decoder of the records this builder featurizes.
     *
     * @param registry the schema registry client; not closed by the decoder
     * @return a new decoder, for one reading thread
     */
    RecordDecoder<E> decoder(SchemaRegistryClient registry);

    /**
     * Builds a labelled training batch and, for a stateful builder, records the events in its state afterwards.
     *
     * @param events  the batch's records, in batch order; not empty
     * @param manager the batch's own manager, on the training device; it owns every array created
     * @return the batch
     */
    Batch training(List<E> events, NDManager manager);

    /**
     * Builds a batch for scoring (e.g. ID validation) without changing any state.
     *
     * @param events  the records; not empty
     * @param manager the manager that owns the arrays
     * @return the batch
     */
    Batch scoring(List<E> events, NDManager manager);

    /**
     * Returns a record's label, as the metrics score it.
     *
     * @param event the record
     * @return its rating, or its class index
     */
    double label(E event);

    /**
     * Records an event in the state as {@link #training} would, without building anything.
     *
     * @param event the event
     */
    default void observe(E event) {
    }

    /**
     * Forgets the state, as it was when the run began afresh. A run of several passes over a stretch
     * ({@code trainer.epochs}) calls it before each pass after the first, so that every pass featurizes each record as
     * the first pass did, from the records before it in the pass, as an offline epoch reuses each example's features.
     */
    default void reset() {
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
     * The state later features depend on, as a checkpoint carries it ({@code features.bin}), so that whoever scores
     * the checkpoint's model featurizes held-out records as the trainer does. It is the state after the records
     * featurized so far, which may run a few batches ahead of the step (the feed prepares batches ahead); it never
     * takes part in resuming, which rebuilds the state from the records before the checkpoint.
     *
     * @return the state, or {@code null} for a stateless builder
     */
    default byte[] state() {
        return null;
    }

    /**
     * Returns the shape of one example's backbone input, without the batch axis.
     *
     * @return e.g. {@code (30)} for a row of 30 features, {@code (1, 28, 28)} for a grey 28x28 image
     */
    Shape backboneInputShape();

    /**
     * Returns the type of the records this builder featurizes.
     *
     * @return e.g. {@code InteractionEvent.class}
     */
    Class<E> recordType();

    /**
     * Returns this builder typed for a caller that knows which records it holds (a benchmark of interactions, say).
     *
     * @param type the record type the caller expects
     * @param <T>  that type
     * @return this builder
     * @throws IllegalStateException if it featurizes another record type
     */
    @SuppressWarnings("unchecked")
    default <T> BatchBuilder<T> forRecords(Class<T> type) {
        if (recordType() != type) {
            throw new IllegalStateException("the featurizer " + name() + " takes " + recordType().getSimpleName()
                    + " records, not " + type.getSimpleName());
        }
        return (BatchBuilder<T>) this;   // checked just above: E is T
    }

    /**
     * Names the featurizer in messages, as {@code trainer.features} names it.
     *
     * @return e.g. {@code hashed}
     */
    String name();
}

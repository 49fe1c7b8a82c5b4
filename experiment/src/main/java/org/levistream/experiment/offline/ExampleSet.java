package org.levistream.experiment.offline;

import ai.djl.ndarray.NDManager;
import org.levistream.model.levi.Batch;
import org.levistream.model.levi.TaskKind;

/** A fixed, in-memory set of labelled examples that builds model batches on demand. */
public interface ExampleSet {
    /** The set's name, for tables and logs (e.g. {@code train}, {@code ood.late-users}). */
    String name();

    /** What the labels are. */
    TaskKind task();

    /** How many examples. */
    int size();

    /**
     * Builds a batch of the examples {@code order[from..to)} in {@code manager}, with cache keys that are unique
     * across every set of one run.
     */
    Batch batch(NDManager manager, int[] order, int from, int to);

    /** Example {@code i}'s label: the rating, or the class index as a float. */
    float label(int i);
}

package org.levistream.model.levi;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDResource;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Borrows a batch's arrays into a step's scope, each exactly once. */
final class Inputs {
    private Inputs() {}

    /**
     * Temp-attaches every distinct array of the batch to {@code scope}: results of operations on them land in the
     * scope, and the arrays go back to their owner when the scope closes. An array that appears twice (images
     * feeding both the backbone and g) is attached once, since attaching it again would record the scope itself
     * as its owner.
     *
     * @param scope      the step's manager
     * @param batch      the batch
     * @param withLabels whether the labels are borrowed too
     */
    static void borrow(NDManager scope, Batch batch, boolean withLabels) {
        Map<NDArray, Boolean> distinct = new IdentityHashMap<>();
        batch.backboneInput().forEach(a -> distinct.put(a, true));
        batch.taskInput().forEach(a -> distinct.put(a, true));
        if (batch.idRows() != null) {
            batch.idRows().rows().forEach(a -> distinct.put(a, true));
        }
        if (withLabels && batch.labels() != null) {
            distinct.put(batch.labels(), true);
        }
        List<NDResource> arrays = new ArrayList<>(distinct.keySet());
        scope.tempAttachAll(arrays.toArray(new NDResource[0]));
    }
}

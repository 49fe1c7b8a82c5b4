package org.levistream.model.task;

import ai.djl.ndarray.NDList;
import java.util.Map;

/**
 * A block whose embedding tables are touched only in a few rows per batch. The optimizer updates exactly those
 * rows (lazy Adam), so untouched rows, and their moments, stay bit-identical.
 */
public interface RowSparse {
    /**
     * Returns, per table parameter, the rows this input looks up.
     *
     * @param input the block's input for one batch
     * @return parameter name (as in the block's {@code getParameters()}) to sorted, distinct row indices
     */
    Map<String, long[]> touchedRows(NDList input);
}

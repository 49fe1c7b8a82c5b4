package org.levistream.model.task;

import ai.djl.ndarray.NDArray;
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

    /**
     * Returns, per table parameter, the rows a batch builder computed on the host, without reading the input back
     * from the device.
     *
     * @param rows the batch's rows, one array per id field
     * @return parameter name to sorted, distinct row indices on the batch's device
     * @throws IllegalArgumentException if the rows do not fit this block's tables
     */
    Map<String, NDArray> touchedRows(IdRows rows);
}

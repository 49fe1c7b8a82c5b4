package org.levistream.model.task;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;

/**
 * The rows a batch's hashed ids touch in each embedding table: per id field, the sorted distinct bucket indices,
 * as int64 arrays on the batch's device.
 *
 * <p>A batch builder makes them on the host, from the ids it has just hashed, and ships them with the batch. The
 * training step then indexes the row-sparse update with them directly, instead of copying the ids back from the
 * device every step: on a GPU that copy would stall the step on everything queued before it.
 *
 * @param rows   one array of sorted distinct rows per id field, in field order
 * @param maxRow the largest row over all fields, checked against a table's size on the host
 */
public record IdRows(NDList rows, long maxRow) {

    /**
     * Computes the rows of {@code [batch, fields]} ids laid out row-major.
     *
     * @param ids     bucket indices, {@code ids[i * fields + f]} for example {@code i} and field {@code f}
     * @param fields  id fields per example
     * @param manager the batch's manager, on the training device
     * @return the rows, owned by {@code manager}
     * @throws IllegalArgumentException if an index is negative or {@code ids} is not a whole number of examples
     */
    public static IdRows of(long[] ids, int fields, NDManager manager) {
        if (fields < 1 || ids.length % fields != 0) {
            throw new IllegalArgumentException(ids.length + " ids are not whole examples of " + fields + " fields");
        }
        int batch = ids.length / fields;
        NDList rows = new NDList(fields);
        long max = -1;
        for (int f = 0; f < fields; f++) {
            long[] column = new long[batch];
            for (int i = 0; i < batch; i++) {
                column[i] = ids[i * fields + f];
                if (column[i] < 0) {
                    throw new IllegalArgumentException("id field " + f + " has negative bucket " + column[i]);
                }
            }
            long[] distinct = sortedDistinct(column);
            if (distinct.length > 0) {
                max = Math.max(max, distinct[distinct.length - 1]);
            }
            rows.add(manager.create(distinct));
        }
        return new IdRows(rows, max);
    }

    /** Sorts {@code values} in place and returns its distinct values (a stream's distinct() boxes every one). */
    private static long[] sortedDistinct(long[] values) {
        Arrays.sort(values);
        int distinct = 0;
        for (int i = 0; i < values.length; i++) {
            if (i == 0 || values[i] != values[distinct - 1]) {
                values[distinct++] = values[i];
            }
        }
        return Arrays.copyOf(values, distinct);
    }

    /**
     * Returns the number of id fields.
     *
     * @return one per table
     */
    public int fields() {
        return rows.size();
    }
}

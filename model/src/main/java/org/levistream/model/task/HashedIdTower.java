package org.levistream.model.task;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recommendation task model: one embedding table per id field (user, item, ...), rows chosen by
 * {@link IdHasher}, the looked-up vectors concatenated and passed through Linear + ReLU.
 *
 * <p>Input: {@code [batch, fields]} int64 bucket indices. Output: {@code [batch, width]}.
 */
public final class HashedIdTower extends AbstractBlock implements RowSparse {
    /** Standard deviation of the tables' initial values; small, as is usual for embeddings. */
    private static final float TABLE_INIT_STD = 0.1f;

    private final int fields;
    private final int buckets;
    private final int embeddingDim;
    private final int width;
    private final List<Parameter> tables = new ArrayList<>();
    private final Block mlp;

    /**
     * Builds the tower from its settings.
     *
     * @param spec a {@link SmallModelSpec.Kind#HASHED_IDS} spec
     */
    public HashedIdTower(SmallModelSpec spec) {
        super((byte) 1);
        this.fields = spec.idFields();
        this.buckets = spec.buckets();
        this.embeddingDim = spec.embeddingDim();
        this.width = spec.width();
        for (int f = 0; f < fields; f++) {
            tables.add(addParameter(Parameter.builder()
                    .setName(tableName(f))
                    .setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(buckets, embeddingDim))
                    .optInitializer(new NormalInitializer(TABLE_INIT_STD))
                    .build()));
        }
        this.mlp = addChildBlock("mlp",
                new SequentialBlock().add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock()));
    }

    /**
     * Names the table of an id field, as it appears in {@link #getParameters()}.
     *
     * @param field the field's column
     * @return e.g. {@code table0}
     */
    public static String tableName(int field) {
        return "table" + field;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray ids = inputs.head();
        NDList looked = new NDList(fields);
        for (int f = 0; f < fields; f++) {
            NDArray table = store.getValue(tables.get(f), ids.getDevice(), training);
            NDArray column = ids.get(":, " + f);
            looked.add(Embedding.embedding(column, table, SparseFormat.DENSE).singletonOrThrow());
        }
        NDArray joined = fields == 1 ? looked.head() : NDArrays.concat(looked, 1);
        return mlp.forward(store, new NDList(joined), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), width)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        mlp.initialize(manager, dataType, new Shape(inputShapes[0].get(0), (long) fields * embeddingDim));
    }

    /**
     * Returns the rows each table looks up for this input, checking that every index is a valid row.
     *
     * @param input {@code [batch, fields]} int64 bucket indices
     * @return {@code table<f>} to sorted, distinct rows
     * @throws IllegalArgumentException if an index is outside {@code [0, buckets)} or the shape is wrong
     */
    @Override
    public Map<String, long[]> touchedRows(NDList input) {
        NDArray ids = input.head();
        Shape shape = ids.getShape();
        if (shape.dimension() != 2 || shape.get(1) != fields || ids.getDataType() != DataType.INT64) {
            throw new IllegalArgumentException("hashed-id input must be int64 [batch, " + fields + "], was "
                    + ids.getDataType() + " " + shape);
        }
        long[] all = ids.toLongArray();
        int batch = (int) shape.get(0);
        Map<String, long[]> rows = new LinkedHashMap<>();
        for (int f = 0; f < fields; f++) {
            long[] column = new long[batch];
            for (int i = 0; i < batch; i++) {
                long row = all[i * fields + f];
                if (row < 0 || row >= buckets) {
                    throw new IllegalArgumentException("id field " + f + " has bucket " + row
                            + " outside [0, " + buckets + "); hash ids with IdHasher.bucket(id, " + buckets + ")");
                }
                column[i] = row;
            }
            rows.put(tableName(f), Arrays.stream(column).sorted().distinct().toArray());
        }
        return rows;
    }

    /**
     * Names the rows a batch builder computed, checking on the host that they fit the tables.
     *
     * @param rows the batch's rows, one array per id field
     * @return {@code table<f>} to the field's rows, on the batch's device
     * @throws IllegalArgumentException if the field count differs or a row is outside {@code [0, buckets)}
     */
    @Override
    public Map<String, NDArray> touchedRows(IdRows rows) {
        if (rows.fields() != fields) {
            throw new IllegalArgumentException("the batch has rows for " + rows.fields() + " id fields but the "
                    + "tower has " + fields);
        }
        if (rows.maxRow() >= buckets) {
            throw new IllegalArgumentException("an id has bucket " + rows.maxRow() + " outside [0, " + buckets
                    + "); hash ids with IdHasher.bucket(id, " + buckets + ")");
        }
        Map<String, NDArray> named = new LinkedHashMap<>();
        for (int f = 0; f < fields; f++) {
            named.put(tableName(f), rows.rows().get(f));
        }
        return named;
    }
}

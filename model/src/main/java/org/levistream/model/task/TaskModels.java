package org.levistream.model.task;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import java.util.List;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;

/** Builds the small task model g from its settings. */
public final class TaskModels {
    private TaskModels() {}

    /**
     * Builds an uninitialised task model.
     *
     * @param spec the settings
     * @return a block mapping g's input to {@code [batch, spec.width()]} features; a {@link HashedIdTower} (which
     *     is {@link RowSparse}) for {@code HASHED_IDS}
     */
    public static Block build(SmallModelSpec spec) {
        return switch (spec.kind()) {
            case HASHED_IDS -> new HashedIdTower(spec);
            case CNN -> smallCnn(spec.width(), spec.filters());
            case HASHED_TEXT -> new SequentialBlock()
                    .add(Linear.builder().setUnits(spec.embeddingDim()).build()).add(Activation.reluBlock())
                    .add(Linear.builder().setUnits(spec.width()).build()).add(Activation.reluBlock());
        };
    }

    /**
     * Returns the shape of g's input for one batch of one example, used to initialise it.
     *
     * @param spec the settings
     * @return {@code (1, fields)}, {@code (1, channels, height, width)} or {@code (1, buckets)}
     */
    public static Shape inputShape(SmallModelSpec spec) {
        return switch (spec.kind()) {
            case HASHED_IDS -> new Shape(1, spec.idFields());
            case CNN -> new Shape(1).addAll(new Shape(spec.inputShape().stream().mapToLong(Long::longValue).toArray()));
            case HASHED_TEXT -> new Shape(1, spec.buckets());
        };
    }

    private static Block smallCnn(int width, List<Integer> filters) {
        SequentialBlock cnn = new SequentialBlock();
        for (int f : filters) {
            cnn.add(conv(f)).add(Activation.reluBlock()).add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
        }
        return cnn.add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(width).build())
                .add(Activation.reluBlock());
    }

    private static Block conv(int filters) {
        return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).build();
    }
}

package org.levistream.model.backbone;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An MLP or CNN: one {@link SequentialBlock} of layers, each a Linear or 3x3 convolution + ReLU (+ max-pool while
 * the map is high enough). Parameter names are DJL's own ({@code 01SequentialBlock_01Linear_weight}); backbone
 * files of format version 1 store them so, so they must never change.
 */
final class StackedLayers implements BackboneLayers {
    /** Feature maps are max-pooled after a layer while they are at least this high (28 → 14 → 7). */
    private static final long MIN_POOLED_HEIGHT = 8;

    private final BackboneArchitecture architecture;
    private final SequentialBlock stages;
    private Map<String, Parameter> parameters = Map.of();

    StackedLayers(BackboneArchitecture architecture) {
        this.architecture = architecture;
        this.stages = new SequentialBlock();
        boolean cnn = architecture.kind() == BackboneArchitecture.Kind.CNN;
        long height = cnn ? architecture.inputShape().get(1) : 0;
        for (int width : architecture.widths()) {
            SequentialBlock stage = new SequentialBlock();
            if (!cnn) {
                stage.add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
            } else {
                stage.add(Conv2d.builder().setFilters(width).setKernelShape(new Shape(3, 3))
                                .optPadding(new Shape(1, 1)).build())
                        .add(Activation.reluBlock());
                if (height >= MIN_POOLED_HEIGHT) {
                    stage.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
                    height /= 2;
                }
            }
            stages.add(stage);
        }
    }

    @Override
    public void initialize(NDManager manager, Initializer initializer) {
        if (initializer != null) {
            stages.setInitializer(initializer, p -> true);
        }
        stages.initialize(manager, DataType.FLOAT32,
                new Shape(1).addAll(BlockBackbone.shapeOf(architecture.inputShape())));
        Map<String, Parameter> named = new LinkedHashMap<>();
        stages.getParameters().forEach(pair -> named.put(pair.getKey(), pair.getValue()));
        parameters = Collections.unmodifiableMap(named);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public NDList forward(ParameterStore store, NDList input, boolean training) {
        NDList out = new NDList(architecture.widths().size());
        NDList x = input;
        for (Block stage : stages.getChildren().values()) {
            x = stage.forward(store, x, training);
            out.add(x.head());
        }
        return out;
    }

    @Override
    public void freeze(boolean frozen) {
        stages.freezeParameters(frozen);
    }
}

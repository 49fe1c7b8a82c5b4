package org.levistream.model.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A content tower and a user-context tower over the two parts of a {@code [content | context]} row, then joint
 * layers over their concatenated last outputs. Every layer is Linear + ReLU.
 *
 * <p>Shapes, for a batch of B rows of F features split after C: content tower {@code [B, C] → [B, content_i]},
 * context tower {@code [B, F - C] → [B, context_i]}, joint {@code [B, content_last + context_last] → [B,
 * joint_i]}. The towers never see each other's columns, which is what makes their taps separate views.
 *
 * <p>Parameters are named {@code <layer>.weight} and {@code <layer>.bias} (e.g. {@code context2.weight}); the
 * names are part of the backbone file format.
 */
final class TwoTowerLayers implements BackboneLayers {
    private final long features;
    private final int contentFeatures;
    private final List<Layer> content;
    private final List<Layer> context;
    private final List<Layer> joint;
    private Map<String, Parameter> parameters = Map.of();

    /** One Linear + ReLU layer; the Linear is kept to name its parameters. */
    private record Layer(String name, Linear linear, Block block) {
        static Layer of(String name, int units) {
            Linear linear = Linear.builder().setUnits(units).build();
            return new Layer(name, linear, new SequentialBlock().add(linear).add(Activation.reluBlock()));
        }
    }

    TwoTowerLayers(BackboneArchitecture architecture) {
        BackboneArchitecture.Towers towers = architecture.towers();
        this.features = architecture.inputShape().get(0);
        this.contentFeatures = towers.contentFeatures();
        this.content = layers("content", towers.content());
        this.context = layers("context", towers.context());
        this.joint = layers("joint", architecture.widths());
    }

    @Override
    public void initialize(NDManager manager, Initializer initializer) {
        Map<String, Parameter> named = new LinkedHashMap<>();
        long contentOut = initialize(content, contentFeatures, manager, initializer, named);
        long contextOut = initialize(context, features - contentFeatures, manager, initializer, named);
        initialize(joint, contentOut + contextOut, manager, initializer, named);
        parameters = Collections.unmodifiableMap(named);
    }

    @Override
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    @Override
    public NDList forward(ParameterStore store, NDList input, boolean training) {
        NDArray row = input.head();
        NDList out = new NDList(content.size() + context.size() + joint.size());
        NDArray c = run(content, row.get(new NDIndex().addAllDim().addSliceDim(0, contentFeatures)), store,
                training, out);
        NDArray u = run(context, row.get(new NDIndex().addAllDim().addSliceDim(contentFeatures, features)), store,
                training, out);
        run(joint, NDArrays.concat(new NDList(c, u), 1), store, training, out);
        return out;
    }

    @Override
    public void freeze(boolean frozen) {
        for (List<Layer> stack : List.of(content, context, joint)) {
            stack.forEach(l -> l.block().freezeParameters(frozen));
        }
    }

    /** Runs a stack, appending every layer's output to {@code out}; returns the last. */
    private static NDArray run(List<Layer> stack, NDArray x, ParameterStore store, boolean training, NDList out) {
        for (Layer layer : stack) {
            x = layer.block().forward(store, new NDList(x), training).head();
            out.add(x);
        }
        return x;
    }

    /** Initialises a stack for {@code inputWidth} features; returns its output width. */
    private static long initialize(List<Layer> stack, long inputWidth, NDManager manager, Initializer initializer,
                                   Map<String, Parameter> named) {
        Shape shape = new Shape(1, inputWidth);
        for (Layer layer : stack) {
            if (initializer != null) {
                layer.block().setInitializer(initializer, p -> true);
            }
            layer.block().initialize(manager, DataType.FLOAT32, shape);
            shape = layer.block().getOutputShapes(new Shape[] {shape})[0];
            layer.linear().getParameters().forEach(p -> named.put(layer.name() + "." + p.getKey(), p.getValue()));
        }
        return shape.get(1);
    }

    private static List<Layer> layers(String prefix, List<Integer> widths) {
        List<Layer> stack = new ArrayList<>(widths.size());
        for (int i = 0; i < widths.size(); i++) {
            stack.add(Layer.of(prefix + (i + 1), widths.get(i)));
        }
        return List.copyOf(stack);
    }
}

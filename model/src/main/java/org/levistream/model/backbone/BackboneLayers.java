package org.levistream.model.backbone;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.Map;

/**
 * The DJL blocks behind a {@link BlockBackbone}, built from its architecture: how they are named, initialised and
 * run. The backbone owns the manager, the file format and the choice of taps; this owns the network.
 */
interface BackboneLayers {

    /**
     * Builds the uninitialised blocks of an architecture.
     *
     * @param architecture the network to build
     * @return a stack for {@code MLP} and {@code CNN}, two towers and joint layers for {@code TWO_TOWER}
     */
    static BackboneLayers build(BackboneArchitecture architecture) {
        return architecture.kind() == BackboneArchitecture.Kind.TWO_TOWER
                ? new TwoTowerLayers(architecture) : new StackedLayers(architecture);
    }

    /**
     * Creates every parameter in {@code manager}.
     *
     * @param manager     owns the parameters
     * @param initializer how to fill them; {@code null} for DJL's defaults (Xavier weights, zero biases)
     */
    void initialize(NDManager manager, Initializer initializer);

    /**
     * Returns the parameters by stable name, in a stable order; the names are part of the file format.
     *
     * @return the parameters, live
     */
    Map<String, Parameter> parameters();

    /**
     * Runs the network.
     *
     * @param store    the pass's parameter store
     * @param input    {@code [batch, ...inputShape]}
     * @param training whether this is a training pass
     * @return every layer's output, in {@link BackboneArchitecture#layers()} order, not yet reduced to rows
     */
    NDList forward(ParameterStore store, NDList input, boolean training);

    /**
     * Freezes or unfreezes every parameter.
     *
     * @param frozen whether gradients stop at the parameters
     */
    void freeze(boolean frozen);
}

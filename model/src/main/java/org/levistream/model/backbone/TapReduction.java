package org.levistream.model.backbone;

import ai.djl.ndarray.NDArray;

/** Turns a layer's output into the {@code [batch, width]} rows every tap consumer expects. */
final class TapReduction {
    private TapReduction() {}

    /**
     * Reduces a layer output to rows: {@code [B, W]} as is, {@code [B, T, D]} averaged over T, {@code [B, C, H, W]}
     * averaged over H and W (global average pooling).
     *
     * @param out  the layer output
     * @param name the tap's name, for the error message
     * @return a {@code [batch, width]} array in the output's manager
     */
    static NDArray toRows(NDArray out, String name) {
        return switch (out.getShape().dimension()) {
            case 2 -> out;
            case 3 -> out.mean(new int[] {1});
            // PyTorch's mean takes one axis at a time: flatten H and W, then average them.
            case 4 -> out.reshape(out.getShape().get(0), out.getShape().get(1), -1).mean(new int[] {2});
            default -> throw new IllegalArgumentException(
                    "tap " + name + " has shape " + out.getShape() + "; only rank 2, 3 or 4 outputs can be tapped");
        };
    }
}

package org.levistream.model.levi;

/** How the adapting layers combine the views (projected taps and g's features). */
public enum HeadMode {
    /** Concatenate every view and map them with one MLP: LEVI as in the paper. */
    CONCAT,
    /** One MLP head per view, outputs summed: the per-layer-head variant. */
    PER_TAP
}
